import { Query } from '@nestjs/cqrs';
import { LeadView } from '../lead-view';
import type { Principal } from '@app/application/principal';

export class GetLeadQuery extends Query<LeadView> {
  constructor(readonly id: string, readonly caller: Principal) {
    super();
  }
}
