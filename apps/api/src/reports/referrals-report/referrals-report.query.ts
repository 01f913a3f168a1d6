import { Query } from '@nestjs/cqrs';
import { ReferralsReport } from '@app/projections/reports/referrals.report';

export class ReferralsReportQuery extends Query<ReferralsReport> {}
