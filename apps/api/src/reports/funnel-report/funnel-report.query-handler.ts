import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { FunnelReport, funnelReport } from '@app/projections/reports/funnel.report';
import { knowsRecordingTimes } from '@app/projections/reports/lead-history';
import { leadReportsOf } from '@app/projections/reports/lead-reports';
import { ApiProblem } from '../../shared/http/api-problem';
import { Clock } from '../../shared/commands/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter, ownsOrManages } from '../../security/access-policy';
import { FunnelReportQuery } from './funnel-report.query';

@QueryHandler(FunnelReportQuery)
export class FunnelReportHandler implements IQueryHandler<FunnelReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params, caller }: FunnelReportQuery): Promise<FunnelReport> {
    const { groupBy, from, to, asOf, knownAt } = params;
    // The funnel as it stands now, over every capture (the dashboard's question): from the aggregates
    // kept as the pipeline changes, of the caller's leads.
    const kept = from === undefined && to === undefined && asOf === undefined && knownAt === undefined ? this.readModels.indexed('pipeline', leadReportsOf) : undefined;
    if (kept) return kept.funnel(ownershipFilter(caller), { groupBy, now: this.clock.now() });
    // Reps count their own leads, managers their team's.
    const leads = (await this.readModels.all<PipelineDoc>('pipeline')).filter((lead) => ownsOrManages(caller, lead));
    // Right after an upgrade the live read model may still predate recording times: refuse rather than answer wrongly.
    if (knownAt !== undefined && !leads.every(knowsRecordingTimes)) {
      throw new ApiProblem('READ_MODEL_REBUILDING', 'The pipeline read model is being rebuilt to answer knownAt; retry shortly.', { projection: 'pipeline' }, { 'Retry-After': '5' });
    }
    return funnelReport(leads, { groupBy, from, to, asOf, knownAt, now: this.clock.now() });
  }
}
