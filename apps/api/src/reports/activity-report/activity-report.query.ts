import { Query } from '@nestjs/cqrs';
import { ActivityReport } from '@app/read-models';
import { ActivityReportRequestDto } from './activity-report.request.dto';
import type { Principal } from '@app/application/principal';

export class ActivityReportQuery extends Query<ActivityReport> {
  constructor(readonly params: ActivityReportRequestDto, readonly caller: Principal) {
    super();
  }
}
