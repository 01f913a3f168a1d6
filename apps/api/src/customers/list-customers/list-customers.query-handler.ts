import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CustomerDoc } from '@app/projections/customers.projection';
import { Page } from '@app/read-store';
import { Clock } from '../../shared/commands/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { CustomerSummary, toCustomerSummary } from '../customer-view';
import { ListCustomersQuery } from './list-customers.query';

@QueryHandler(ListCustomersQuery)
export class ListCustomersHandler implements IQueryHandler<ListCustomersQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params }: ListCustomersQuery): Promise<Page<CustomerSummary>> {
    const sort = params.sort ?? '-registeredAt';
    const page = await this.readModels.find<CustomerDoc>('customers', {
      filter: {
        ...(params.class && { customerClass: params.class }),
        ...(params.ownerId && { ownerId: params.ownerId }),
        ...(params.teamId && { teamId: params.teamId }),
        ...(params.q && { searchText: { $contains: params.q.toLowerCase() } }),
      },
      sort: { field: sort.replace(/^-/, ''), direction: sort.startsWith('-') ? 'desc' : 'asc' },
      limit: params.limit ?? 50,
      cursor: params.cursor,
    });
    const now = this.clock.now();
    return { items: page.items.map((c) => toCustomerSummary(c, now)), nextCursor: page.nextCursor };
  }
}
