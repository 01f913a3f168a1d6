import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SourcesReport, sourcesReportOf } from '@app/read-models';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter } from '../../security/access-policy';
import { SourcesReportQuery } from './sources-report.query';

@QueryHandler(SourcesReportQuery)
export class SourcesReportHandler implements IQueryHandler<SourcesReportQuery> {
  constructor(private readonly readModels: ReadModels) {}

  execute({ params, caller }: SourcesReportQuery): Promise<SourcesReport> {
    return sourcesReportOf(this.readModels, ownershipFilter(caller), { from: params.from, to: params.to });
  }
}
