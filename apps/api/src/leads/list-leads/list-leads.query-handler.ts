import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { Filter, Page } from '@app/read-store';
import { Clock } from '@app/application/clock';
import { PersonSearch } from '../../read-models/person-search';
import { ReadModels } from '../../read-models/read-models.service';
import { LeadView, toLeadView } from '../lead-view';
import { ListLeadsQuery } from './list-leads.query';
import { ownershipFilter } from '../../security/access-policy';
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
  // Work queues: open leads whose marketing consent is not withdrawn (see PipelineDoc.inWorkQueues).
  ...(params.followUp === 'overdue' && { inWorkQueues: true, nextFollowUpAt: { $lt: now } }),
  // Still ahead today; one already past is overdue (the two lists never overlap).
  ...(params.followUp === 'due-today' && { inWorkQueues: true, nextFollowUpAt: { $gte: now, $lt: startOfDay(now, 1) } }),
});

@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler implements IQueryHandler<ListLeadsQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly search: PersonSearch,
  ) {}

  async execute({ params, caller }: ListLeadsQuery): Promise<Page<LeadView>> {
    const now = this.clock.now();
    const scope = ownershipFilter(caller);
    if (scope && 'none' in scope) return { items: [], nextCursor: null };
    const sort = params.sort ?? '-capturedAt';
    const page = await this.readModels.find<PipelineDoc>('pipeline', {
      // The caller's scope wins over an ownerId/teamId they asked for: a rep sees only their own leads.
      filter: { ...pipelineFilter(params, now), ...(await this.search.filter(params.q)), ...scope },
      sort: { field: sort.replace(/^-/, ''), direction: sort.startsWith('-') ? 'desc' : 'asc' },
      limit: params.limit ?? 50,
      cursor: params.cursor,
    });
    return { items: page.items.map((lead) => toLeadView(lead, now)), nextCursor: page.nextCursor };
  }
}
