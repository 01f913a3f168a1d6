import { ACTIVITY_TYPES, LeadStage } from '@app/domain/lead';
import { addDays } from '@app/domain/shared';
import { ActivityCounts, ActivityDoc, NO_ACTIVITIES } from './activity.projection';
import { PipelineDoc } from '../pipeline/pipeline.projection';
import { compareText, compareTimes, dayOf, daysBetween, groupByKeys, round } from '../shared/statistics';

export interface ActivityOptions {
  readonly now: string;
  /** A lead is idle when nobody touched it for more than this many days (default 7). */
  readonly idleDays?: number;
  /** Days to show, `YYYY-MM-DD` (UTC), both inclusive. */
  readonly fromDay?: string;
  readonly toDay?: string;
  /** Only this rep's activities and leads. */
  readonly repId?: string;
}

export interface RepDay {
  readonly repId: string;
  readonly day: string;
  readonly week: string;
  readonly counts: ActivityCounts;
  readonly total: number;
}

export interface RepWeek {
  readonly repId: string;
  readonly week: string;
  readonly counts: ActivityCounts;
  readonly total: number;
  /** Days of the week with at least one activity. */
  readonly activeDays: number;
}

export interface FollowUp {
  readonly leadId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly stage: LeadStage;
  readonly nextFollowUpAt: string;
}

export interface IdleLead {
  readonly leadId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly stage: LeadStage;
  /** The latest activity, or the capture when there was none. */
  readonly lastTouchAt: string;
  readonly idleDays: number;
}

export interface ActivityReport {
  readonly asOf: string;
  readonly perRepDay: readonly RepDay[];
  readonly perRepWeek: readonly RepWeek[];
  /** Due later today (UTC day of now). */
  readonly followUpsDueToday: readonly FollowUp[];
  /** Due before now and not followed up since (a newer activity replaces the follow-up). */
  readonly followUpsOverdue: readonly FollowUp[];
  readonly idleLeads: readonly IdleLead[];
  readonly idleAfterDays: number;
}

export const DEFAULT_IDLE_DAYS = 7;

const addCounts = (a: ActivityCounts, b: ActivityCounts): ActivityCounts =>
  Object.fromEntries(ACTIVITY_TYPES.map((type) => [type, a[type] + b[type]])) as ActivityCounts;

const byFollowUp = (a: FollowUp, b: FollowUp): number => compareTimes(a.nextFollowUpAt, b.nextFollowUpAt);

const followUpOf = (lead: PipelineDoc): FollowUp => ({
  leadId: lead.leadId,
  name: lead.name,
  ownerId: lead.ownerId,
  stage: lead.stage,
  nextFollowUpAt: lead.nextFollowUpAt!,
});

/**
 * Activities and follow-up (DOMAIN §4): how many calls and visits each rep makes per day and week,
 * which follow-ups are due or overdue, and which open leads nobody touched for `idleDays`.
 */
export const activityReport = (
  activity: readonly ActivityDoc[],
  leads: readonly PipelineDoc[],
  options: ActivityOptions,
): ActivityReport => {
  const { now, idleDays = DEFAULT_IDLE_DAYS, fromDay, toDay, repId } = options;
  const days = activity
    .filter((doc) => repId === undefined || doc.repId === repId)
    .filter((doc) => (fromDay === undefined || doc.day >= fromDay) && (toDay === undefined || doc.day <= toDay))
    .map(({ repId, day, week, counts, total }): RepDay => ({ repId, day, week, counts, total }))
    .sort((a, b) => compareText(a.repId, b.repId) || compareText(a.day, b.day));
  const perRepWeek = groupByKeys(days, (day) => [`${day.repId}|${day.week}`]).map(([, members]): RepWeek => ({
    repId: members[0].repId,
    week: members[0].week,
    counts: members.reduce((sum, day) => addCounts(sum, day.counts), NO_ACTIVITIES),
    total: members.reduce((sum, day) => sum + day.total, 0),
    activeDays: members.filter((day) => day.total > 0).length,
  }));

  // Work queues: only leads reps may be prompted to contact (open, marketing consent not withdrawn).
  const open = leads.filter((lead) => lead.inWorkQueues && (repId === undefined || lead.ownerId === repId));
  const withFollowUp = open.filter((lead) => lead.nextFollowUpAt !== null);
  const today = dayOf(now);
  const idleSince = addDays(now, -idleDays);
  return {
    asOf: now,
    perRepDay: days,
    perRepWeek,
    followUpsDueToday: withFollowUp
      .filter((lead) => compareTimes(lead.nextFollowUpAt!, now) >= 0 && dayOf(lead.nextFollowUpAt!) === today)
      .map(followUpOf)
      .sort(byFollowUp),
    followUpsOverdue: withFollowUp.filter((lead) => compareTimes(lead.nextFollowUpAt!, now) < 0).map(followUpOf).sort(byFollowUp),
    idleLeads: open
      .map((lead): IdleLead => {
        const lastTouchAt = lead.lastActivityAt ?? lead.capturedAt;
        const idleDays = round(daysBetween(lastTouchAt, now))!;
        return { leadId: lead.leadId, name: lead.name, ownerId: lead.ownerId, stage: lead.stage, lastTouchAt, idleDays };
      })
      .filter((lead) => compareTimes(lead.lastTouchAt, idleSince) < 0)
      .sort((a, b) => compareTimes(a.lastTouchAt, b.lastTouchAt)),
    idleAfterDays: idleDays,
  };
};
