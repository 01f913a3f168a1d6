import { LeadSource, LeadStage, ManClass } from '@app/domain/lead';
import { ReadModelQueries } from '@app/projection-engine';
import { Filter, Page } from '@app/read-store';
import { ForecastOptions, ForecastReport, forecastReport } from './forecast.report';
import { FunnelOptions, FunnelReport, funnelReport } from './funnel.report';
import { knowsRecordingTimes } from './lead-history';
import { inScope, leadReportsOf, LeadScope } from './lead-reports';
import { PipelineDoc, pipelineProjection } from './pipeline.projection';
import { SourcesOptions, SourcesReport, sourcesReport } from './sources.report';

/**
 * The questions asked of the pipeline read model, as the API's query handlers and the benchmarks
 * ask them. `scope` selects whose leads count (the caller's access rule decides it).
 */

/** The pipeline read model predates recording times (right after an upgrade, until its rebuild ends): knownAt cannot be answered yet. */
export class PipelineRebuildingError extends Error {
  constructor() {
    super('The pipeline read model is being rebuilt to answer knownAt');
    this.name = 'PipelineRebuildingError';
  }
}

const leadsInScope = async (reads: ReadModelQueries, scope: LeadScope): Promise<PipelineDoc[]> =>
  (await reads.all(pipelineProjection)).filter((lead) => inScope(scope, lead));

/**
 * The sales funnel. Two ways to one answer, both counting with the same FunnelTally over the same
 * LeadFacts: the funnel as it stands now over every capture (the dashboard's question) comes from
 * the tallies kept as the pipeline changes (LeadReports), in time independent of the number of
 * leads; a period, asOf or knownAt selects leads and history freely, and so does a pipeline not (yet)
 * in memory: those are counted from every lead in scope.
 */
export const funnelReportOf = async (reads: ReadModelQueries, scope: LeadScope, options: FunnelOptions): Promise<FunnelReport> => {
  const { groupBy, from, to, asOf, knownAt, now } = options;
  const asNow = from === undefined && to === undefined && asOf === undefined && knownAt === undefined;
  const kept = asNow ? reads.indexed(pipelineProjection, leadReportsOf) : undefined;
  if (kept) return kept.funnel(scope, { groupBy, now });
  const leads = await leadsInScope(reads, scope);
  // Right after an upgrade the live read model may still predate recording times: refuse rather than answer wrongly.
  if (knownAt !== undefined && !leads.every(knowsRecordingTimes)) throw new PipelineRebuildingError();
  return funnelReport(leads, options);
};

/** The forecast: from the kept tallies when they can answer (see LeadReports.forecast), else from every lead in scope. */
export const forecastReportOf = async (reads: ReadModelQueries, scope: LeadScope, options: ForecastOptions): Promise<ForecastReport> =>
  reads.indexed(pipelineProjection, leadReportsOf)?.forecast(scope, options) ?? forecastReport(await leadsInScope(reads, scope), options);

/** How each prospecting method performs, over the leads in scope. */
export const sourcesReportOf = async (reads: ReadModelQueries, scope: LeadScope, options: SourcesOptions): Promise<SourcesReport> =>
  sourcesReport(await leadsInScope(reads, scope), options);

/** What a page of the pipeline may be filtered and sorted by. */
export interface LeadsPageQuery {
  readonly stage?: LeadStage;
  readonly ownerId?: string;
  readonly teamId?: string;
  readonly source?: LeadSource;
  readonly manClass?: ManClass;
  readonly product?: string;
  readonly followUp?: 'overdue' | 'due-today';
  /** A field, descending with a leading `-`; default `-capturedAt`. */
  readonly sort?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

const startOfDay = (iso: string, plusDays = 0): string => {
  const day = new Date(iso.slice(0, 10) + 'T00:00:00.000Z');
  return new Date(day.getTime() + plusDays * 86_400_000).toISOString();
};

/** The pipeline: one filter definition, the same on both read stores. */
export const pipelineFilter = (query: LeadsPageQuery, now: string): Filter => ({
  ...(query.stage && { stage: query.stage }),
  ...(query.ownerId && { ownerId: query.ownerId }),
  ...(query.teamId && { teamId: query.teamId }),
  ...(query.source && { source: query.source }),
  ...(query.manClass && { manClass: query.manClass }),
  ...(query.product && { productInterest: query.product }),
  // Work queues: open leads whose marketing consent is not withdrawn (see PipelineDoc.inWorkQueues).
  ...(query.followUp === 'overdue' && { inWorkQueues: true, nextFollowUpAt: { $lt: now } }),
  // Still ahead today; one already past is overdue (the two lists never overlap).
  ...(query.followUp === 'due-today' && { inWorkQueues: true, nextFollowUpAt: { $gte: now, $lt: startOfDay(now, 1) } }),
});

/**
 * One page of the pipeline. `match` narrows it further (a name or contact searched for); the scope
 * wins over an ownerId or teamId asked for: a rep sees only their own leads.
 */
export const leadsPage = async (reads: ReadModelQueries, query: LeadsPageQuery, scope: LeadScope, match: Filter, now: string): Promise<Page<PipelineDoc>> => {
  if (scope && 'none' in scope) return { items: [], nextCursor: null };
  const sort = query.sort ?? '-capturedAt';
  return reads.find(pipelineProjection, {
    filter: { ...pipelineFilter(query, now), ...match, ...scope },
    sort: { field: sort.replace(/^-/, ''), direction: sort.startsWith('-') ? 'desc' : 'asc' },
    limit: query.limit ?? 50,
    cursor: query.cursor,
  });
};
