import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ActivityReport, activityReportOf } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter } from '../../security/access-policy';
import { ActivityReportQuery } from './activity-report.query';

@QueryHandler(ActivityReportQuery)
export class ActivityReportHandler implements IQueryHandler<ActivityReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  execute({ params, caller }: ActivityReportQuery): Promise<ActivityReport> {
    // A rep sees their own activity whatever repId they asked for; a manager the reps who own leads in their team.
    return activityReportOf(this.readModels, ownershipFilter(caller), {
      now: this.clock.now(),
      idleDays: params.idleDays,
      fromDay: params.from,
      toDay: params.to,
      repId: params.repId,
    });
  }
}
