import { IndexBuilder, MirrorIndex, Projection, ReadModelDoc, ReadModelQueries } from '@app/projection-engine';
import { pipelineDocs } from '../testing/lead-events';
import { LeadReports, LeadScope } from './lead-reports';
import { PipelineDoc } from './pipeline.projection';
import { forecastReportOf, funnelReportOf, PipelineRebuildingError } from './pipeline.queries';

const at = (day: string) => `2024-${day}T00:00:00.000Z`;
const NOW = at('06-01');

const leads = pipelineDocs(
  { leadId: 'K1', capturedAt: at('01-02'), capture: { ownerId: 'rep-a', teamId: 'team-n', expectedAmount: 1000 }, moves: [['C', at('01-10')], ['won', at('02-01'), 900]] },
  { leadId: 'K2', capturedAt: at('01-03'), capture: { ownerId: 'rep-a', teamId: 'team-n', expectedAmount: 2000 }, moves: [['B', at('01-20')]] },
  { leadId: 'K3', capturedAt: at('02-03'), capture: { ownerId: 'rep-b', teamId: 'team-n', expectedAmount: 3000 }, moves: [['lost', at('03-01')]] },
  { leadId: 'K4', capturedAt: at('03-04'), capture: { ownerId: 'rep-c', teamId: 'team-s', expectedAmount: 4000 }, moves: [['C', at('03-20')]] },
  { leadId: 'K5', capturedAt: at('04-05'), capture: { ownerId: 'rep-c', teamId: 'team-s' } },
).sort((a, b) => (a._id < b._id ? -1 : 1));

/**
 * The pipeline as the queries read it: every lead, and the aggregates kept over them when the
 * pipeline is in memory (`kept`) or none (read in full). Counts how often the aggregates are asked for.
 */
const pipelineReads = (docs: readonly PipelineDoc[], kept: boolean) => {
  const reads = {
    indexedCalls: 0,
    all: async <D extends ReadModelDoc>(_readModel: Projection<D>) => docs as unknown as D[],
    indexed: <D extends ReadModelDoc, I extends MirrorIndex<D>>(_readModel: Projection<D>, _build: IndexBuilder<D, I>) => {
      reads.indexedCalls++;
      return (kept ? new LeadReports(docs) : undefined) as I | undefined;
    },
  };
  return reads as typeof reads & ReadModelQueries;
};

const SCOPES: readonly LeadScope[] = [undefined, { ownerId: 'rep-a' }, { ownerId: 'rep-z' }, { teamId: 'team-n' }, { teamId: 'team-x' }, { none: true }];

describe('funnel and forecast of the pipeline', () => {
  it.each(SCOPES.map((scope) => [JSON.stringify(scope) ?? 'all leads', scope] as const))('answer %s from the kept aggregates exactly as counted from every lead', async (_name, scope) => {
    for (const groupBy of [undefined, 'owner', 'team', 'product'] as const) {
      const funnel = (kept: boolean) => funnelReportOf(pipelineReads(leads, kept), scope, { groupBy, now: NOW });
      const forecast = (kept: boolean) => forecastReportOf(pipelineReads(leads, kept), scope, { groupBy, configuredRates: { B: 0.5 }, now: NOW });
      expect(await funnel(true)).toEqual(await funnel(false));
      expect(await forecast(true)).toEqual(await forecast(false));
    }
  });

  it('counts only the leads in scope: an owner’s, a team’s, all, or none', async () => {
    const total = async (scope: LeadScope, kept: boolean) => (await funnelReportOf(pipelineReads(leads, kept), scope, { now: NOW })).total.leads;
    for (const kept of [true, false]) {
      expect(await total({ ownerId: 'rep-a' }, kept)).toBe(2);
      expect(await total({ teamId: 'team-n' }, kept)).toBe(3);
      expect(await total(undefined, kept)).toBe(5);
      expect(await total({ none: true }, kept)).toBe(0);
    }
  });

  it('counts from every lead what the aggregates do not answer (a period, asOf)', async () => {
    const reads = pipelineReads(leads, true);
    const report = await funnelReportOf(reads, undefined, { asOf: at('02-15'), now: NOW });
    expect(reads.indexedCalls).toBe(0);
    expect(report.total.leads).toBe(3);
  });

  it('refuses knownAt while the pipeline predates recording times (until its rebuild)', async () => {
    const old = leads.map((lead) => ({ ...lead, stageHistory: lead.stageHistory.map(({ stage, at }) => ({ stage, at }) as PipelineDoc['stageHistory'][number]) }));
    await expect(funnelReportOf(pipelineReads(old, true), undefined, { knownAt: at('05-01'), now: NOW })).rejects.toBeInstanceOf(PipelineRebuildingError);
    await expect(funnelReportOf(pipelineReads(leads, true), undefined, { knownAt: at('05-01'), now: NOW })).resolves.toMatchObject({ knownAt: at('05-01') });
  });
});
