import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ActivityDoc } from '@app/projections/activity.projection';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { ActivityReport, activityReport } from '@app/projections/reports/activity.report';
import { Filter } from '@app/read-store';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownsOrManages } from '../../security/access-policy';
import { ActivityReportQuery } from './activity-report.query';

@QueryHandler(ActivityReportQuery)
export class ActivityReportHandler implements IQueryHandler<ActivityReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params: asked, caller }: ActivityReportQuery): Promise<ActivityReport> {
    // A rep sees their own activity whatever repId they asked for.
    const params = caller.role === 'sales_rep' ? { ...asked, repId: caller.id } : asked;
    const day = { ...(params.from && { $gte: params.from }), ...(params.to && { $lte: params.to }) };
    const activityFilter: Filter = { ...(params.repId && { repId: params.repId }), ...(Object.keys(day).length && { day }) };
    let [activity, queuedLeads] = await Promise.all([
      this.readModels.all<ActivityDoc>('activity', activityFilter),
      this.readModels.all<PipelineDoc>('pipeline', { inWorkQueues: true, ...(params.repId && { ownerId: params.repId }) }),
    ]);
    if (caller.role === 'sales_manager') {
      // A manager sees the reps who own leads in their team, and the team's work queues.
      const teamLeads = caller.team ? await this.readModels.all<PipelineDoc>('pipeline', { teamId: caller.team }) : [];
      const reps = new Set(teamLeads.map((lead) => lead.ownerId));
      activity = activity.filter((a) => reps.has(a.repId));
      queuedLeads = queuedLeads.filter((lead) => ownsOrManages(caller, lead));
    }
    return activityReport(activity, queuedLeads, { now: this.clock.now(), idleDays: params.idleDays, fromDay: params.from, toDay: params.to, repId: params.repId });
  }
}
