import { Query } from '@nestjs/cqrs';
import { ActivityReport } from '@app/projections/reports/activity.report';
import { ActivityReportRequestDto } from './activity-report.request.dto';

export class ActivityReportQuery extends Query<ActivityReport> {
  constructor(readonly params: ActivityReportRequestDto) {
    super();
  }
}
