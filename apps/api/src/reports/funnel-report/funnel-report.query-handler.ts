import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FunnelReport, funnelReportOf, PipelineRebuildingError } from '@app/read-models';
import { ApiProblem } from '../../shared/http/api-problem';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter } from '../../security/access-policy';
import { FunnelReportQuery } from './funnel-report.query';

@QueryHandler(FunnelReportQuery)
export class FunnelReportHandler implements IQueryHandler<FunnelReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params, caller }: FunnelReportQuery): Promise<FunnelReport> {
    const { groupBy, from, to, asOf, knownAt } = params;
    try {
      // Reps count their own leads, managers their team's.
      return await funnelReportOf(this.readModels, ownershipFilter(caller), { groupBy, from, to, asOf, knownAt, now: this.clock.now() });
    } catch (error) {
      if (error instanceof PipelineRebuildingError) {
        throw new ApiProblem('READ_MODEL_REBUILDING', 'The pipeline read model is being rebuilt to answer knownAt; retry shortly.', { projection: 'pipeline' }, { 'Retry-After': '5' });
      }
      throw error;
    }
  }
}
