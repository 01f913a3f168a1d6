import { ReadModelQueries } from '@app/projection-engine';
import { Filter } from '@app/read-store';
import { LeadScope } from '../pipeline/lead-reports';
import { pipelineProjection } from '../pipeline/pipeline.projection';
import { activityProjection } from './activity.projection';
import { ActivityOptions, ActivityReport, activityReport } from './activity.report';

/**
 * Activity per rep, follow-ups and idle leads, of the leads in scope: one owner's (their own
 * activity, whatever rep was asked for), one team's (the reps who own leads in it, and its work
 * queues), all, or none.
 */
export const activityReportOf = async (reads: ReadModelQueries, scope: LeadScope, asked: ActivityOptions): Promise<ActivityReport> => {
  if (scope && 'none' in scope) return activityReport([], [], asked);
  const options = scope && 'ownerId' in scope ? { ...asked, repId: scope.ownerId } : asked;
  const { repId, fromDay, toDay } = options;
  const day = { ...(fromDay && { $gte: fromDay }), ...(toDay && { $lte: toDay }) };
  const activityFilter: Filter = { ...(repId && { repId }), ...(Object.keys(day).length && { day }) };
  let [activity, queuedLeads] = await Promise.all([
    reads.all(activityProjection, activityFilter),
    reads.all(pipelineProjection, { inWorkQueues: true, ...(repId && { ownerId: repId }) }),
  ]);
  if (scope && 'teamId' in scope) {
    const reps = new Set((await reads.all(pipelineProjection, { teamId: scope.teamId })).map((lead) => lead.ownerId));
    activity = activity.filter((a) => reps.has(a.repId));
    queuedLeads = queuedLeads.filter((lead) => lead.teamId === scope.teamId);
  }
  return activityReport(activity, queuedLeads, options);
};
