import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { leadsPage } from '@app/read-models';
import { Page } from '@app/read-store';
import { Clock } from '@app/application/clock';
import { PersonSearch } from '../../read-models/person-search';
import { ReadModels } from '../../read-models/read-models.service';
import { LeadView, toLeadView } from '../lead-view';
import { ListLeadsQuery } from './list-leads.query';
import { ownershipFilter } from '../../security/access-policy';

@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler implements IQueryHandler<ListLeadsQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly search: PersonSearch,
  ) {}

  async execute({ params, caller }: ListLeadsQuery): Promise<Page<LeadView>> {
    const now = this.clock.now();
    // The caller's scope wins over an ownerId/teamId they asked for: a rep sees only their own leads.
    const page = await leadsPage(this.readModels, params, ownershipFilter(caller), await this.search.filter(params.q), now);
    return { items: page.items.map((lead) => toLeadView(lead, now)), nextCursor: page.nextCursor };
  }
}
