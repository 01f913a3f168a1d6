import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { FunnelReport, funnelReport } from '@app/projections/reports/funnel.report';
import { knowsRecordingTimes } from '@app/projections/reports/lead-history';
import { ApiProblem } from '../../shared/http/api-problem';
import { Clock } from '../../shared/commands/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownsOrManages } from '../../security/access-policy';
import { FunnelReportQuery } from './funnel-report.query';

@QueryHandler(FunnelReportQuery)
export class FunnelReportHandler implements IQueryHandler<FunnelReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params, caller }: FunnelReportQuery): Promise<FunnelReport> {
    // Reps count their own leads, managers their team's.
    const leads = (await this.readModels.all<PipelineDoc>('pipeline')).filter((lead) => ownsOrManages(caller, lead));
    const { groupBy, from, to, asOf, knownAt } = params;
    // Right after an upgrade the live read model may still predate recording times: refuse rather than answer wrongly.
    if (knownAt !== undefined && !leads.every(knowsRecordingTimes)) {
      throw new ApiProblem(503, 'READ_MODEL_REBUILDING', 'The pipeline read model is being rebuilt to answer knownAt; retry shortly.', { projection: 'pipeline' }, { 'Retry-After': '5' });
    }
    return funnelReport(leads, { groupBy, from, to, asOf, knownAt, now: this.clock.now() });
  }
}
