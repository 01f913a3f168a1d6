import { LEAD_STAGES, LeadStage, OPEN_STAGES } from '@app/domain/lead';
import { PipelineDoc } from './pipeline.projection';
import { LeadAsOf, LeadGrouping, leadGroupKeys } from './lead-history';
import { compareText, toMillis } from '../shared/statistics';

/**
 * What one lead adds to the funnel and forecast figures, read once from its view. The reports add
 * these facts up in tallies that can also take a lead out again: the same tallies answer a report
 * computed from scratch (every lead added) and the aggregates kept as the pipeline changes (old facts
 * out, new ones in), so both give the same figures by construction. Durations are kept as integer
 * milliseconds, summed exactly (ExactSum), so the order leads come and go in cannot change a figure.
 */
export interface LeadFacts {
  readonly lead: PipelineDoc;
  /** LEAD_STAGES index of the stage it stands at. */
  readonly stage: number;
  /** Rank of the furthest funnel stage reached (see LeadAsOf). */
  readonly furthest: number;
  readonly open: boolean;
  /** Capture to close in ms; null while open. */
  readonly closeMs: number | null;
  /** Per open stage (OPEN_STAGES order): whether the lead was ever in it. */
  readonly wasIn: readonly boolean[];
  /** Per open stage: the ms of its stays there that have ended. */
  readonly endedStaysMs: readonly number[];
  /** The open stage it stands at (OPEN_STAGES index), -1 when closed: that stay is measured up to the report's time. */
  readonly openStage: number;
  /** When it entered that stage (ms). */
  readonly openSinceMs: number;
  /** The lead as the forecast and its samples list it. */
  readonly line: LeadLine;
  /** When its latest stage entry happened (ms); UNREADABLE_TIME when one cannot be read. */
  readonly latestMs: number;
}

/** Stands for a time that cannot be read: after every other. */
export const UNREADABLE_TIME = Number.MAX_VALUE;

/** A lead in the lists of a report (in id order), with its expected amount (0 when none). */
export interface LeadLine {
  readonly leadId: string;
  /** Orders like leadId (see idOrderKey). */
  readonly order: number;
  readonly amount: number;
}

/**
 * The first 7 code units of an id packed into a number that orders like the id (7 bits each: for
 * ASCII ids, which the API's are), NaN when one is not ASCII. Comparing two strings costs ~75 ns and
 * the lists compare on every change; ties and NaN leave the order to the ids themselves.
 */
export const idOrderKey = (id: string): number => {
  let key = 0;
  for (let i = 0; i < 7; i++) {
    const code = i < id.length ? id.charCodeAt(i) : 0;
    if (code >= 128) return NaN;
    key = key * 128 + code;
  }
  return key;
};

/** Lead id order (code units), quick on the packed prefix. */
export const byLeadId = (a: LeadLine, b: LeadLine): number => (a.order < b.order ? -1 : a.order > b.order ? 1 : compareText(a.leadId, b.leadId));

const STAGE_INDEX = new Map<LeadStage, number>(LEAD_STAGES.map((stage, index) => [stage, index]));
const OPEN_INDEX = new Map<string, number>(OPEN_STAGES.map((stage, index) => [stage, index]));

export const leadFacts = (view: LeadAsOf): LeadFacts => {
  const { history, lead } = view;
  const wasIn = [false, false, false, false];
  const endedStaysMs = [0, 0, 0, 0];
  let openStage = -1;
  let openSinceMs = 0;
  let latestMs = -Infinity;
  for (let index = 0; index < history.length; index++) {
    const enteredMs = toMillis(history[index].at);
    latestMs = Number.isNaN(enteredMs) ? UNREADABLE_TIME : Math.max(latestMs, enteredMs);
    const stage = OPEN_INDEX.get(history[index].stage);
    if (stage === undefined) continue;
    wasIn[stage] = true;
    if (index === history.length - 1) {
      openStage = stage;
      openSinceMs = enteredMs;
    } else endedStaysMs[stage] += toMillis(history[index + 1].at) - enteredMs;
  }
  return {
    lead,
    stage: STAGE_INDEX.get(view.stage)!,
    furthest: view.furthest,
    open: view.open,
    closeMs: view.closedAt === null ? null : toMillis(view.closedAt) - toMillis(lead.capturedAt),
    wasIn,
    endedStaysMs,
    openStage,
    openSinceMs,
    line: { leadId: lead.leadId, order: idOrderKey(lead.leadId), amount: lead.expectedAmount ?? 0 },
    latestMs,
  };
};

/** Figures of a group that leads are added to (sign 1) and taken out of (sign -1); empty when none is left (the group then disappears). */
export interface Tally {
  readonly empty: boolean;
  add(facts: LeadFacts, sign: 1 | -1): void;
}

const SPLIT = 2 ** 26;

/**
 * A sum of integers (milliseconds) that stays exact whatever the order of additions and removals,
 * without allocating: each value is split at 2^26 and the parts are summed apart, each part sum
 * exact up to 2^26 values. A float sum would depend on the order, and a bigint allocates per step.
 */
export class ExactSum {
  private high = 0;
  private low = 0;

  add(value: number, sign: 1 | -1): void {
    const high = Math.floor(value / SPLIT);
    this.high += sign * high;
    this.low += sign * (value - high * SPLIT);
  }

  /** The sum; null when a value was not a number (an unreadable time). */
  get value(): bigint | null {
    return Number.isFinite(this.high) && Number.isFinite(this.low) ? BigInt(this.high) * BigInt(SPLIT) + BigInt(this.low) : null;
  }
}

/** One tally per group key of one grouping; a group exists while some lead is in it. */
export class GroupedTallies<T extends Tally> {
  private readonly groups = new Map<string, T>();

  constructor(
    readonly groupBy: LeadGrouping | undefined,
    private readonly create: () => T,
  ) {}

  /** Adds the lead to (or takes it out of) each of its groups. */
  add(facts: LeadFacts, sign: 1 | -1 = 1): void {
    for (const key of leadGroupKeys(facts.lead, this.groupBy)) {
      let tally = this.groups.get(key);
      if (!tally) this.groups.set(key, (tally = this.create()));
      tally.add(facts, sign);
      if (tally.empty) this.groups.delete(key);
    }
  }

  get(key: string): T | undefined {
    return this.groups.get(key);
  }

  /** The groups that have leads, keys in code-unit order. */
  sorted(): [string, T][] {
    return [...this.groups.entries()].sort(([a], [b]) => compareText(a, b));
  }
}
