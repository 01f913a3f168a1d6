import { Query } from '@nestjs/cqrs';
import { Page } from '@app/read-store';
import { ComplaintView } from '../complaint-view';
import { ListComplaintsRequestDto } from './list-complaints.request.dto';

export class ListComplaintsQuery extends Query<Page<ComplaintView>> {
  constructor(readonly params: ListComplaintsRequestDto) {
    super();
  }
}
