import { Query } from '@nestjs/cqrs';
import { Page } from '@app/read-store';
import { LeadView } from '../lead-view';
import { ListLeadsRequestDto } from './list-leads.request.dto';
import type { Principal } from '@app/application/principal';

export class ListLeadsQuery extends Query<Page<LeadView>> {
  constructor(readonly params: ListLeadsRequestDto, readonly caller: Principal) {
    super();
  }
}
