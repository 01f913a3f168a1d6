import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page } from '@app/read-store';
import { complaintsProjection } from '@app/read-models';
import { ReadModels } from '../../read-models/read-models.service';
import { ComplaintView, toComplaintView } from '../complaint-view';
import { ListComplaintsQuery } from './list-complaints.query';

@QueryHandler(ListComplaintsQuery)
export class ListComplaintsHandler implements IQueryHandler<ListComplaintsQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ params }: ListComplaintsQuery): Promise<Page<ComplaintView>> {
    const page = await this.readModels.find(complaintsProjection, {
      filter: {
        ...(params.status && { status: params.status }),
        ...(params.customerId && { customerId: params.customerId }),
        ...(params.category && { category: params.category }),
        ...(params.touchpoint && { touchpoint: params.touchpoint }),
        ...(params.severity && { severity: params.severity }),
        ...(params.safety && { safetyRelated: true }),
      },
      sort: { field: 'loggedAt', direction: 'desc' },
      limit: params.limit ?? 50,
      cursor: params.cursor,
    });
    return { items: page.items.map(toComplaintView), nextCursor: page.nextCursor };
  }
}
