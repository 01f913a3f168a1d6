import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Filter, Page } from '@app/read-store';
import { complaintsProjection, customersProjection } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { PersonSearch } from '../../read-models/person-search';
import { ReadModels } from '../../read-models/read-models.service';
import { ComplaintContact, CustomerSummary, toComplaintContact, toCustomerSummary } from '../customer-view';
import { ListCustomersQuery } from './list-customers.query';
import { assignedToHandle, ownershipFilter } from '../../security/access-policy';
import type { Principal } from '@app/application/principal';

@QueryHandler(ListCustomersQuery)
export class ListCustomersHandler implements IQueryHandler<ListCustomersQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly search: PersonSearch,
  ) {}

  async execute({ params, caller }: ListCustomersQuery): Promise<Page<CustomerSummary | ComplaintContact>> {
    const scope = await this.scope(caller);
    if (scope && 'none' in scope) return { items: [], nextCursor: null };
    const sort = params.sort ?? '-registeredAt';
    const page = await this.readModels.find(customersProjection, {
      filter: {
        ...(params.class && { customerClass: params.class }),
        ...(params.ownerId && { ownerId: params.ownerId }),
        ...(params.teamId && { teamId: params.teamId }),
        ...(await this.search.filter(params.q)),
        // The caller's scope wins over an ownerId/teamId they asked for.
        ...scope,
      },
      sort: { field: sort.replace(/^-/, ''), direction: sort.startsWith('-') ? 'desc' : 'asc' },
      limit: params.limit ?? 50,
      cursor: params.cursor,
    });
    const now = this.clock.now();
    // Service agents: whom to call back, nothing of the file beyond it.
    const items = caller.role === 'service_agent' ? page.items.map((c) => toComplaintContact(c, [])) : page.items.map((c) => toCustomerSummary(c, now));
    return { items, nextCursor: page.nextCursor };
  }

  /** Service agents see the customers whose complaints someone else assigned them; sales roles their own or their team's. */
  private async scope(caller: Principal): Promise<Filter | { none: true } | undefined> {
    if (caller.role !== 'service_agent') return ownershipFilter(caller);
    const handled = (await this.readModels.all(complaintsProjection, { handlerId: caller.id })).filter((c) => assignedToHandle(caller, c));
    const ids = [...new Set(handled.map((c) => c.customerId).filter((id): id is string => Boolean(id)))];
    return ids.length ? { customerId: { $in: ids } } : { none: true };
  }
}
