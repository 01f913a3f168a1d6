import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { SourcesReport, sourcesReport } from '@app/projections/reports/sources.report';
import { ReadModels } from '../../read-models/read-models.service';
import { ownsOrManages } from '../../security/access-policy';
import { SourcesReportQuery } from './sources-report.query';

@QueryHandler(SourcesReportQuery)
export class SourcesReportHandler implements IQueryHandler<SourcesReportQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ params, caller }: SourcesReportQuery): Promise<SourcesReport> {
    return sourcesReport((await this.readModels.all<PipelineDoc>('pipeline')).filter((lead) => ownsOrManages(caller, lead)), { from: params.from, to: params.to });
  }
}
