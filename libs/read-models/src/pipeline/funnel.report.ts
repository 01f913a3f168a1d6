import { LEAD_STAGES, LeadStage, OPEN_STAGES, OpenLeadStage } from '@app/domain/lead';
import { PipelineDoc } from './pipeline.projection';
import { FUNNEL_STAGES, FunnelStage, LeadGrouping, inPeriod, leadsAsOf } from './lead-history';
import { ExactSum, GroupedTallies, LeadFacts, Tally, leadFacts } from './lead-tallies';
import { SortedList } from '../shared/sorted-list';
import { MS_PER_DAY, ratio, round, toMillis } from '../shared/statistics';

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

const WON = LEAD_STAGES.indexOf('won');
/** Read once: per-lead loops would otherwise go through the module's export getter every round. */
const OPEN_STAGE_COUNT = OPEN_STAGES.length;

/** A total of milliseconds over `count` leads, as mean days; null when the total is unknown. */
const days = (totalMs: bigint | null, count: number): number | null => (totalMs === null ? null : Number(totalMs) / count / MS_PER_DAY);

/** Capture-to-close times of a group's won (or lost) leads: in order (for the median), and their exact sum. */
class CloseTimes {
  private readonly ms = new SortedList<number>((a, b) => a - b);
  private readonly sumMs = new ExactSum();

  add(ms: number, sign: 1 | -1): void {
    if (sign > 0) this.ms.insert(ms);
    else this.ms.remove(ms);
    this.sumMs.add(ms, sign);
  }

  summary(): DaysSummary {
    const count = this.ms.size;
    if (count === 0) return { count, mean: null, median: null };
    const middle = Math.floor(count / 2);
    // As statistics.median over the days: each middle value is turned into days before they are averaged.
    const median = count % 2 === 1 ? this.ms.at(middle)! / MS_PER_DAY : (this.ms.at(middle - 1)! / MS_PER_DAY + this.ms.at(middle)! / MS_PER_DAY) / 2;
    return { count, mean: round(days(this.sumMs.value, count)), median: round(median) };
  }
}

/**
 * The funnel figures of one group of leads, as sums a lead can be added to and taken out of. A stay
 * still running is measured up to the report's time: Σ(until − entered) = count × until − Σ entered.
 */
export class FunnelTally implements Tally {
  private leads = 0;
  private readonly stages = LEAD_STAGES.map(() => 0);
  /** Per funnel stage rank: leads that reached it. */
  private readonly reached = FUNNEL_STAGES.map(() => 0);
  private readonly won = new CloseTimes();
  private readonly lost = new CloseTimes();
  /** Per open stage: leads that were in it, their ended stays, and the running stays (count and Σ entry time). */
  private readonly wereIn = OPEN_STAGES.map(() => 0);
  private readonly endedStaysMs = OPEN_STAGES.map(() => new ExactSum());
  private readonly inNow = OPEN_STAGES.map(() => 0);
  private readonly enteredMs = OPEN_STAGES.map(() => new ExactSum());

  get empty(): boolean {
    return this.leads === 0;
  }

  add(facts: LeadFacts, sign: 1 | -1 = 1): void {
    this.leads += sign;
    this.stages[facts.stage] += sign;
    for (let rank = 0; rank <= facts.furthest; rank++) this.reached[rank] += sign;
    if (facts.closeMs !== null) (facts.stage === WON ? this.won : this.lost).add(facts.closeMs, sign);
    for (let stage = 0; stage < OPEN_STAGE_COUNT; stage++) {
      if (!facts.wasIn[stage]) continue;
      this.wereIn[stage] += sign;
      this.endedStaysMs[stage].add(facts.endedStaysMs[stage], sign);
    }
    if (facts.openStage >= 0) {
      this.inNow[facts.openStage] += sign;
      this.enteredMs[facts.openStage].add(facts.openSinceMs, sign);
    }
  }

  /** The group's figures with running stays measured up to `untilMs`. */
  group(key: string, untilMs: number): FunnelGroup {
    const until = Number.isInteger(untilMs) ? BigInt(untilMs) : null;
    const won = this.won.summary();
    const lost = this.lost.summary();
    return {
      key,
      leads: this.leads,
      stages: Object.fromEntries(LEAD_STAGES.map((stage, index) => [stage, this.stages[index]])) as Record<LeadStage, number>,
      conversion: FUNNEL_STAGES.slice(0, -1).map(
        (from, rank): StageConversion => ({ from, to: FUNNEL_STAGES[rank + 1], reached: this.reached[rank], advanced: this.reached[rank + 1], rate: ratio(this.reached[rank + 1], this.reached[rank]) }),
      ),
      won: won.count,
      lost: lost.count,
      winRate: ratio(won.count, won.count + lost.count),
      daysToWin: won,
      daysToLose: lost,
      meanDaysInStage: Object.fromEntries(
        OPEN_STAGES.map((stage, s) => {
          const ended = this.endedStaysMs[s].value;
          const entered = this.enteredMs[s].value;
          const totalMs = ended === null || entered === null || until === null ? null : ended + BigInt(this.inNow[s]) * until - entered;
          return [stage, this.wereIn[s] === 0 ? null : round(days(totalMs, this.wereIn[s]))];
        }),
      ) as Record<OpenLeadStage, number | null>,
    };
  }
}

export const NO_FUNNEL_LEADS: FunnelTally = new FunnelTally();

/** The report from its tallies: the total and each group that has leads. */
export const funnelOf = (
  total: FunnelTally,
  groups: GroupedTallies<FunnelTally>,
  read: Pick<FunnelReport, 'from' | 'to' | 'asOf' | 'knownAt'>,
  until: string,
): FunnelReport => {
  const untilMs = toMillis(until);
  return {
    groupBy: groups.groupBy ?? null,
    ...read,
    total: total.group('all', untilMs),
    groups: groups.sorted().map(([key, tally]) => tally.group(key, untilMs)),
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
  const total = new FunnelTally();
  const groups = new GroupedTallies(groupBy, () => new FunnelTally());
  for (const view of views) {
    const facts = leadFacts(view);
    total.add(facts);
    groups.add(facts);
  }
  return funnelOf(total, groups, { from: from ?? null, to: to ?? null, asOf: asOf ?? null, knownAt: knownAt ?? null }, until);
};
