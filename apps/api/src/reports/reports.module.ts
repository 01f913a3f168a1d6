import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ActivityReportHandler } from './activity-report/activity-report.query-handler';
import { ActivityReportHttpController } from './activity-report/activity-report.http.controller';
import { ForecastReportHandler } from './forecast-report/forecast-report.query-handler';
import { ForecastReportHttpController } from './forecast-report/forecast-report.http.controller';
import { FunnelReportHandler } from './funnel-report/funnel-report.query-handler';
import { FunnelReportHttpController } from './funnel-report/funnel-report.http.controller';
import { ReferralsReportHandler } from './referrals-report/referrals-report.query-handler';
import { ReferralsReportHttpController } from './referrals-report/referrals-report.http.controller';
import { SatisfactionReportHandler } from './satisfaction-report/satisfaction-report.query-handler';
import { SatisfactionReportHttpController } from './satisfaction-report/satisfaction-report.http.controller';
import { SourcesReportHandler } from './sources-report/sources-report.query-handler';
import { SourcesReportHttpController } from './sources-report/sources-report.http.controller';

@Module({
  imports: [CqrsModule],
  controllers: [
    ActivityReportHttpController,
    ForecastReportHttpController,
    FunnelReportHttpController,
    ReferralsReportHttpController,
    SatisfactionReportHttpController,
    SourcesReportHttpController,
  ],
  providers: [
    ActivityReportHandler,
    ForecastReportHandler,
    FunnelReportHandler,
    ReferralsReportHandler,
    SatisfactionReportHandler,
    SourcesReportHandler,
  ],
})
export class ReportsModule {}
