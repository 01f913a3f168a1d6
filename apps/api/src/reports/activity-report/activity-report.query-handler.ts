import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ActivityDoc } from '@app/projections/activity.projection';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { ActivityReport, activityReport } from '@app/projections/reports/activity.report';
import { Filter } from '@app/read-store';
import { Clock } from '../../shared/commands/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ActivityReportQuery } from './activity-report.query';

@QueryHandler(ActivityReportQuery)
export class ActivityReportHandler implements IQueryHandler<ActivityReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params }: ActivityReportQuery): Promise<ActivityReport> {
    const day = { ...(params.from && { $gte: params.from }), ...(params.to && { $lte: params.to }) };
    const activityFilter: Filter = { ...(params.repId && { repId: params.repId }), ...(Object.keys(day).length && { day }) };
    const [activity, openLeads] = await Promise.all([
      this.readModels.all<ActivityDoc>('activity', activityFilter),
      this.readModels.all<PipelineDoc>('pipeline', { open: true, ...(params.repId && { ownerId: params.repId }) }),
    ]);
    return activityReport(activity, openLeads, { now: this.clock.now(), idleDays: params.idleDays, fromDay: params.from, toDay: params.to, repId: params.repId });
  }
}
