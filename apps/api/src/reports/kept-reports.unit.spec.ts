import { PipelineDoc } from '@app/projections/pipeline.projection';
import { LeadReports } from '@app/projections/reports/lead-reports';
import { pipelineDocs } from '@app/projections/testing/lead-events';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../read-models/read-models.service';
import type { Principal } from '@app/application/principal';
import { ForecastReportHandler } from './forecast-report/forecast-report.query-handler';
import { ForecastReportQuery } from './forecast-report/forecast-report.query';
import type { ForecastReportRequestDto } from './forecast-report/forecast-report.request.dto';
import { FunnelReportHandler } from './funnel-report/funnel-report.query-handler';
import { FunnelReportQuery } from './funnel-report/funnel-report.query';
import type { FunnelReportRequestDto } from './funnel-report/funnel-report.request.dto';

const at = (day: string) => `2024-${day}T00:00:00.000Z`;
const NOW = at('06-01');

const leads = pipelineDocs(
  { leadId: 'K1', capturedAt: at('01-02'), capture: { ownerId: 'rep-a', teamId: 'team-n', expectedAmount: 1000 }, moves: [['C', at('01-10')], ['won', at('02-01'), 900]] },
  { leadId: 'K2', capturedAt: at('01-03'), capture: { ownerId: 'rep-a', teamId: 'team-n', expectedAmount: 2000 }, moves: [['B', at('01-20')]] },
  { leadId: 'K3', capturedAt: at('02-03'), capture: { ownerId: 'rep-b', teamId: 'team-n', expectedAmount: 3000 }, moves: [['lost', at('03-01')]] },
  { leadId: 'K4', capturedAt: at('03-04'), capture: { ownerId: 'rep-c', teamId: 'team-s', expectedAmount: 4000 }, moves: [['C', at('03-20')]] },
  { leadId: 'K5', capturedAt: at('04-05'), capture: { ownerId: 'rep-c', teamId: 'team-s' } },
).sort((a, b) => (a._id < b._id ? -1 : 1));

/** The read side as the handlers see it: with the aggregates kept (as when the pipeline is in memory), or without (read in full). */
const readModels = (kept: boolean) =>
  ({
    all: async () => leads,
    indexed: () => (kept ? new LeadReports(leads) : undefined),
  }) as unknown as ReadModels;

const clock: Clock = { now: () => NOW };

const CALLERS: Principal[] = [
  { id: 'admin-1', role: 'admin', via: 'jwt' },
  { id: 'analyst-1', role: 'analyst', via: 'api-key' },
  { id: 'auditor-1', role: 'auditor', via: 'jwt' },
  { id: 'mgr-n', role: 'sales_manager', team: 'team-n', via: 'jwt' },
  { id: 'mgr-x', role: 'sales_manager', via: 'jwt' },
  { id: 'rep-a', role: 'sales_rep', team: 'team-n', via: 'jwt' },
  { id: 'rep-z', role: 'sales_rep', team: 'team-s', via: 'jwt' },
  { id: 'agent-1', role: 'service_agent', via: 'jwt' },
];

describe('funnel and forecast from the kept aggregates', () => {
  it.each(CALLERS.map((caller) => [caller.role, caller.id, caller] as const))('answer a %s (%s) exactly as the full computation over their leads', async (_role, _id, caller) => {
    for (const groupBy of [undefined, 'owner', 'team', 'product'] as const) {
      const funnel = (kept: boolean) => new FunnelReportHandler(readModels(kept), clock).execute(new FunnelReportQuery({ groupBy } as FunnelReportRequestDto, caller));
      const forecast = (kept: boolean) => new ForecastReportHandler(readModels(kept), clock).execute(new ForecastReportQuery({ groupBy, rateB: 0.5 } as ForecastReportRequestDto, caller));
      expect(await funnel(true)).toEqual(await funnel(false));
      expect(await forecast(true)).toEqual(await forecast(false));
    }
  });

  it('counts only the caller’s leads: a rep their own, a manager their team’s', async () => {
    const funnel = (caller: Principal) => new FunnelReportHandler(readModels(true), clock).execute(new FunnelReportQuery({} as FunnelReportRequestDto, caller));
    expect((await funnel(CALLERS[5])).total.leads).toBe(2);
    expect((await funnel(CALLERS[3])).total.leads).toBe(3);
    expect((await funnel(CALLERS[1])).total.leads).toBe(5);
    expect((await funnel(CALLERS[4])).total.leads).toBe(0);
  });

  it('reads in full what the aggregates do not answer (a period, asOf)', async () => {
    let asked = 0;
    const models = { all: async () => leads, indexed: () => (asked++, new LeadReports(leads as PipelineDoc[])) } as unknown as ReadModels;
    const report = await new FunnelReportHandler(models, clock).execute(new FunnelReportQuery({ asOf: at('02-15') } as FunnelReportRequestDto, CALLERS[0]));
    expect(asked).toBe(0);
    expect(report.total.leads).toBe(3);
  });
});
