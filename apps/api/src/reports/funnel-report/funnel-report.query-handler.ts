import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { FunnelReport, funnelReport } from '@app/projections/reports/funnel.report';
import { Clock } from '../../shared/commands/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { FunnelReportQuery } from './funnel-report.query';

@QueryHandler(FunnelReportQuery)
export class FunnelReportHandler implements IQueryHandler<FunnelReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params }: FunnelReportQuery): Promise<FunnelReport> {
    const leads = await this.readModels.all<PipelineDoc>('pipeline');
    return funnelReport(leads, { groupBy: params.groupBy, from: params.from, to: params.to, asOf: params.asOf, now: this.clock.now() });
  }
}
