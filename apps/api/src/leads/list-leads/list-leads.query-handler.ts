import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { Filter, Page } from '@app/read-store';
import { Clock } from '../../shared/commands/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { LeadView, toLeadView } from '../lead-view';
import { ListLeadsQuery } from './list-leads.query';
import { ListLeadsRequestDto } from './list-leads.request.dto';

const startOfDay = (iso: string, plusDays = 0): string => {
  const day = new Date(iso.slice(0, 10) + 'T00:00:00.000Z');
  return new Date(day.getTime() + plusDays * 86_400_000).toISOString();
};

/** The pipeline: one filter definition, the same on both read stores. */
export const pipelineFilter = (params: ListLeadsRequestDto, now: string): Filter => ({
  ...(params.stage && { stage: params.stage }),
  ...(params.ownerId && { ownerId: params.ownerId }),
  ...(params.teamId && { teamId: params.teamId }),
  ...(params.source && { source: params.source }),
  ...(params.manClass && { manClass: params.manClass }),
  ...(params.product && { productInterest: params.product }),
  ...(params.q && { searchText: { $contains: params.q.toLowerCase() } }),
  ...(params.followUp === 'overdue' && { open: true, nextFollowUpAt: { $lt: now } }),
  // Still ahead today; one already past is overdue (the two lists never overlap).
  ...(params.followUp === 'due-today' && { open: true, nextFollowUpAt: { $gte: now, $lt: startOfDay(now, 1) } }),
});

@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler implements IQueryHandler<ListLeadsQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params }: ListLeadsQuery): Promise<Page<LeadView>> {
    const now = this.clock.now();
    const sort = params.sort ?? '-capturedAt';
    const page = await this.readModels.find<PipelineDoc>('pipeline', {
      filter: pipelineFilter(params, now),
      sort: { field: sort.replace(/^-/, ''), direction: sort.startsWith('-') ? 'desc' : 'asc' },
      limit: params.limit ?? 50,
      cursor: params.cursor,
    });
    return { items: page.items.map((lead) => toLeadView(lead, now)), nextCursor: page.nextCursor };
  }
}
