import { Query } from '@nestjs/cqrs';
import { ComplaintView } from '../complaint-view';

export class GetComplaintQuery extends Query<ComplaintView> {
  constructor(readonly id: string) {
    super();
  }
}
