import { LEAD_STAGES, LeadStage, OPEN_STAGES, OpenLeadStage } from '@app/domain/lead';
import { PipelineDoc } from '../pipeline.projection';
import {
  FUNNEL_STAGES,
  FunnelStage,
  LeadAsOf,
  LeadGrouping,
  daysInStages,
  daysToClose,
  inPeriod,
  leadGroupKeys,
  leadsAsOf,
  outcomesOf,
  reached,
} from './lead-history';
import { groupByKeys, mean, median, ratio, round } from './statistics';

export interface FunnelOptions {
  readonly groupBy?: LeadGrouping;
  /** Period on capturedAt: from inclusive, to exclusive (ISO instants or dates). */
  readonly from?: string;
  readonly to?: string;
  /** Read every lead as it stood then (business time, from its stage history); leads captured later are left out. */
  readonly asOf?: string;
  /**
   * Read only what had been recorded by then: back-dated imports and corrections recorded later are
   * left out, the rest stays at its business time. Alone it also sets asOf; with asOf it must not
   * precede it (the caller's check).
   */
  readonly knownAt?: string;
  /** The report's clock: open stages are measured up to asOf, or up to now without one. */
  readonly now: string;
}

/** Of the leads that reached `from`, how many reached `to` or beyond. */
export interface StageConversion {
  readonly from: FunnelStage;
  readonly to: FunnelStage;
  readonly reached: number;
  readonly advanced: number;
  readonly rate: number | null;
}

export interface DaysSummary {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
}

export interface FunnelGroup {
  readonly key: string;
  readonly leads: number;
  readonly stages: Readonly<Record<LeadStage, number>>;
  readonly conversion: readonly StageConversion[];
  readonly won: number;
  readonly lost: number;
  /** won / (won + lost); null with no closed leads. */
  readonly winRate: number | null;
  /** Capture to close, in days. */
  readonly daysToWin: DaysSummary;
  readonly daysToLose: DaysSummary;
  /** Per lead, all its days in the stage added up, averaged over the leads that were in it. */
  readonly meanDaysInStage: Readonly<Record<OpenLeadStage, number | null>>;
}

export interface FunnelReport {
  readonly groupBy: LeadGrouping | null;
  readonly from: string | null;
  readonly to: string | null;
  /** The business time read (knownAt when only that was given). */
  readonly asOf: string | null;
  readonly knownAt: string | null;
  readonly total: FunnelGroup;
  /** One per group key (sorted); without groupBy, the single group `all`. */
  readonly groups: readonly FunnelGroup[];
}

const daysSummary = (days: readonly number[]): DaysSummary => ({ count: days.length, mean: round(mean(days)), median: round(median(days)) });

const funnelGroup = (key: string, views: readonly LeadAsOf[], until: string): FunnelGroup => {
  const stages = Object.fromEntries(
    LEAD_STAGES.map((stage) => [stage, views.filter((view) => view.stage === stage).length]),
  ) as Record<LeadStage, number>;
  const conversion = FUNNEL_STAGES.slice(0, -1).map((from, index): StageConversion => {
    const to = FUNNEL_STAGES[index + 1];
    const reachedFrom = views.filter((view) => reached(view, from)).length;
    const advanced = views.filter((view) => reached(view, to)).length;
    return { from, to, reached: reachedFrom, advanced, rate: ratio(advanced, reachedFrom) };
  });
  const { won, lost } = outcomesOf(views);
  // Summed in lead order per stage, as mean() would over each stage's list, without building the lists.
  const total = { D: 0, C: 0, B: 0, A: 0 } as Record<OpenLeadStage, number>;
  const count = { D: 0, C: 0, B: 0, A: 0 } as Record<OpenLeadStage, number>;
  for (const view of views) {
    const days = daysInStages(view, until);
    for (const stage of OPEN_STAGES) {
      if (days[stage] === undefined) continue;
      total[stage] += days[stage]!;
      count[stage]++;
    }
  }
  const meanDaysInStage = Object.fromEntries(
    OPEN_STAGES.map((stage) => [stage, round(count[stage] === 0 ? null : total[stage] / count[stage])]),
  ) as Record<OpenLeadStage, number | null>;
  return {
    key,
    leads: views.length,
    stages,
    conversion,
    won: won.length,
    lost: lost.length,
    winRate: ratio(won.length, won.length + lost.length),
    daysToWin: daysSummary(daysToClose(won)),
    daysToLose: daysSummary(daysToClose(lost)),
    meanDaysInStage,
  };
};

/** The sales funnel (DOMAIN §3): how many leads stand at each stage, how they convert, how fast they close. */
export const funnelReport = (leads: readonly PipelineDoc[], options: FunnelOptions): FunnelReport => {
  const { groupBy, from, to, knownAt, now } = options;
  // What was known at K can only say how things stood at K or earlier: without asOf, at K.
  const asOf = options.asOf ?? knownAt;
  const until = asOf ?? now;
  const views = leadsAsOf(
    leads.filter((lead) => inPeriod(lead.capturedAt, from, to)),
    asOf,
    knownAt,
  );
  return {
    groupBy: groupBy ?? null,
    from: from ?? null,
    to: to ?? null,
    asOf: asOf ?? null,
    knownAt: knownAt ?? null,
    total: funnelGroup('all', views, until),
    groups: groupByKeys(views, (view) => leadGroupKeys(view.lead, groupBy)).map(([key, members]) => funnelGroup(key, members, until)),
  };
};
