import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReferralsReport, referralsReportOf } from '@app/read-models';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter } from '../../security/access-policy';
import { ReferralsReportQuery } from './referrals-report.query';

@QueryHandler(ReferralsReportQuery)
export class ReferralsReportHandler implements IQueryHandler<ReferralsReportQuery> {
  constructor(private readonly readModels: ReadModels) {}

  execute({ caller }: ReferralsReportQuery): Promise<ReferralsReport> {
    // Managers: the referrals within their team (referred lead and referrer); analysts and admins: all.
    return referralsReportOf(this.readModels, ownershipFilter(caller));
  }
}
