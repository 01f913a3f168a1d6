import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReferralDoc } from '@app/projections/referrals.projection';
import { ReferralsReport, referralsReport } from '@app/projections/reports/referrals.report';
import { ReadModels } from '../../read-models/read-models.service';
import { ReferralsReportQuery } from './referrals-report.query';

@QueryHandler(ReferralsReportQuery)
export class ReferralsReportHandler implements IQueryHandler<ReferralsReportQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute(): Promise<ReferralsReport> {
    return referralsReport(await this.readModels.all<ReferralDoc>('referrals'));
  }
}
