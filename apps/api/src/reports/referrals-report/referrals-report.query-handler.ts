import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReferralsReport, referralsReportOf } from '@app/read-models';
import { ReadModels } from '../../read-models/read-models.service';
import { ReferralsReportQuery } from './referrals-report.query';

@QueryHandler(ReferralsReportQuery)
export class ReferralsReportHandler implements IQueryHandler<ReferralsReportQuery> {
  constructor(private readonly readModels: ReadModels) {}

  execute(): Promise<ReferralsReport> {
    return referralsReportOf(this.readModels);
  }
}
