import { Query } from '@nestjs/cqrs';
import { LeadView } from '../lead-view';

export class GetLeadQuery extends Query<LeadView> {
  constructor(readonly id: string) {
    super();
  }
}
