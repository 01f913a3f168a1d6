import { ComplaintDoc } from './complaints.projection';
import { Distribution, compareTimes, distribution, groupByKeys, mean, ratio, round } from '../shared/statistics';

export type ComplaintGrouping = 'category' | 'touchpoint' | 'severity' | 'owner' | 'month';

export interface SatisfactionOptions {
  readonly groupBy?: ComplaintGrouping;
  /** The rep who owns a customer (from the customers read model); needed to group by owner. */
  readonly ownerOf?: (customerId: string) => string | undefined;
  /** Deadlines still open before now count as missed. */
  readonly now: string;
}

/** Safety (PPSC) deadlines: each complaint counts once, against its latest deadline. */
export interface DeadlineSummary {
  readonly met: number;
  readonly missed: number;
  /** Open, and the deadline has not passed yet. */
  readonly pending: number;
  readonly missedComplaintIds: readonly string[];
}

export interface SatisfactionSummary {
  /** Complaints with a satisfaction answer. */
  readonly answers: number;
  /** Mean perceived service (1–5) after resolution. */
  readonly meanPerceived: number | null;
  readonly meanExpected: number | null;
  /** Mean of perceived − expected: below 0, expectations were not met. */
  readonly meanGap: number | null;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** % promoters (9–10) − % detractors (0–6); null with no answers. */
  readonly nps: number | null;
  readonly wouldBuyAgainShare: number | null;
}

export interface SatisfactionGroup {
  readonly key: string;
  readonly complaints: number;
  readonly open: number;
  /** Minutes from logged to acknowledged, of the acknowledged complaints. */
  readonly timeToAcknowledge: Distribution;
  /** Minutes from logged to resolved, of the complaints resolved now. */
  readonly timeToResolve: Distribution;
  readonly deadlines: DeadlineSummary;
  /** Of the complaints ever resolved, the share reopened at least once. */
  readonly reopenRate: number | null;
  readonly satisfaction: SatisfactionSummary;
}

export interface SatisfactionReport {
  readonly groupBy: ComplaintGrouping | null;
  readonly asOf: string;
  readonly total: SatisfactionGroup;
  readonly groups: readonly SatisfactionGroup[];
}

export const UNKNOWN_OWNER = '(unknown)';

const groupKey = (complaint: ComplaintDoc, options: SatisfactionOptions): string => {
  switch (options.groupBy) {
    case undefined:
      return 'all';
    case 'owner':
      return options.ownerOf?.(complaint.customerId) ?? UNKNOWN_OWNER;
    case 'month':
      return complaint.loggedMonth;
    default:
      return complaint[options.groupBy];
  }
};

const deadlinesOf = (complaints: readonly ComplaintDoc[], now: string): DeadlineSummary => {
  const withDeadline = complaints.filter((complaint) => complaint.deadline !== null);
  // Resolved: the decider judged it. Unresolved: missed once the deadline has passed.
  const missed = withDeadline.filter(
    (complaint) => complaint.deadlineMet === false || (complaint.deadlineMet === null && compareTimes(complaint.deadline!, now) < 0),
  );
  const met = withDeadline.filter((complaint) => complaint.deadlineMet === true).length;
  return {
    met,
    missed: missed.length,
    pending: withDeadline.length - met - missed.length,
    missedComplaintIds: missed.map((complaint) => complaint.complaintId),
  };
};

const satisfactionOf = (complaints: readonly ComplaintDoc[]): SatisfactionSummary => {
  const answers = complaints.flatMap((complaint) => (complaint.satisfaction ? [complaint.satisfaction] : []));
  const promoters = answers.filter((answer) => answer.likelihoodToRecommend >= 9).length;
  const detractors = answers.filter((answer) => answer.likelihoodToRecommend <= 6).length;
  const share = (count: number) => ratio(count, answers.length);
  return {
    answers: answers.length,
    meanPerceived: round(mean(answers.map((answer) => answer.perceivedService))),
    meanExpected: round(mean(answers.map((answer) => answer.expectedService))),
    meanGap: round(mean(answers.map((answer) => answer.gap))),
    promoters,
    passives: answers.length - promoters - detractors,
    detractors,
    nps: answers.length === 0 ? null : round(((promoters - detractors) / answers.length) * 100),
    wouldBuyAgainShare: share(answers.filter((answer) => answer.wouldBuyAgain).length),
  };
};

const present = (values: readonly (number | null)[]): number[] => values.filter((value): value is number => value !== null);

const groupOf = (key: string, complaints: readonly ComplaintDoc[], now: string): SatisfactionGroup => {
  const everResolved = complaints.filter((complaint) => complaint.status === 'resolved' || complaint.reopenCount > 0);
  return {
    key,
    complaints: complaints.length,
    open: complaints.filter((complaint) => complaint.status === 'open').length,
    timeToAcknowledge: distribution(present(complaints.map((complaint) => complaint.responseMinutes))),
    timeToResolve: distribution(present(complaints.map((complaint) => complaint.resolutionMinutes))),
    deadlines: deadlinesOf(complaints, now),
    reopenRate: ratio(everResolved.filter((complaint) => complaint.reopenCount > 0).length, everResolved.length),
    satisfaction: satisfactionOf(complaints),
  };
};

/** Complaints and satisfaction (DOMAIN §6): what they are, how fast they were solved, is the customer satisfied. */
export const satisfactionReport = (complaints: readonly ComplaintDoc[], options: SatisfactionOptions): SatisfactionReport => ({
  groupBy: options.groupBy ?? null,
  asOf: options.now,
  total: groupOf('all', complaints, options.now),
  groups: groupByKeys(complaints, (complaint) => [groupKey(complaint, options)]).map(([key, members]) =>
    groupOf(key, members, options.now),
  ),
});
