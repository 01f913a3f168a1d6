import { Prng } from './prng';

/*
 * Business hours of the demo company, in China Standard Time (UTC+8, no daylight saving): Monday to
 * Friday, 09:00–18:00. Times are handled as epoch milliseconds and written as UTC ISO strings.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const UTC_OFFSET = 8 * HOUR;
const OPENS = 9 * HOUR;
const CLOSES = 18 * HOUR;

/** Start of the local calendar day that `ms` falls on (as epoch ms). */
const localDayStart = (ms: number): number => Math.floor((ms + UTC_OFFSET) / DAY) * DAY - UTC_OFFSET;

/** 0 = Sunday … 6 = Saturday, in local time. */
const localWeekday = (ms: number): number => new Date(ms + UTC_OFFSET).getUTCDay();

const isWorkday = (ms: number): boolean => {
  const weekday = localWeekday(ms);
  return weekday !== 0 && weekday !== 6;
};

/**
 * A moment during business hours near `target`, never before `notBefore`: evenings and nights move
 * to the next working day, weekends to Monday, at a random time of the working day.
 */
export const duringBusinessHours = (target: number, rng: Prng, notBefore = target): number => {
  let day = localDayStart(target);
  let timeOfDay = target - day;
  const anyWorkingTime = () => OPENS + Math.floor(rng.next() * (CLOSES - OPENS - 30 * MINUTE));
  if (timeOfDay >= CLOSES) {
    day += DAY;
    timeOfDay = anyWorkingTime();
  } else if (timeOfDay < OPENS) {
    timeOfDay = anyWorkingTime();
  }
  while (!isWorkday(day)) {
    day += DAY;
    timeOfDay = anyWorkingTime();
  }
  const at = day + timeOfDay;
  return at >= notBefore ? at : notBefore + rng.int(5, 40) * MINUTE;
};

/** Some working moment `minDays`–`maxDays` after `from`. */
export const workingDaysLater = (from: number, minDays: number, maxDays: number, rng: Prng): number =>
  duringBusinessHours(from + rng.between(minDays, maxDays) * DAY, rng, from + MINUTE);

/**
 * The business hours of a period laid end to end, so that "the i-th of n equal shares of working time"
 * maps to a moment in it: evenly spread, always in business hours, and in order.
 */
export class BusinessHours {
  private readonly opens: number[] = [];
  /** Business time before each window, and in all of them. */
  private readonly before: number[] = [];
  readonly total: number;

  constructor(start: number, end: number) {
    let total = 0;
    for (let day = localDayStart(start); day < end; day += DAY) {
      if (!isWorkday(day)) continue;
      const open = Math.max(day + OPENS, start);
      const close = Math.min(day + CLOSES, end);
      if (close <= open) continue;
      this.opens.push(open);
      this.before.push(total);
      total += close - open;
    }
    this.total = total;
  }

  /** The moment `offset` (0 ≤ offset < total) into business time. */
  at(offset: number): number {
    let low = 0;
    let high = this.before.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.before[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return this.opens[low] + (offset - this.before[low]);
  }
}

export const isoOf = (ms: number): string => new Date(ms).toISOString();

/** The local calendar date, `YYYY-MM-DD` (contracts, orders and identity checks are dated, not timed). */
export const dateOf = (ms: number): string => new Date(ms + UTC_OFFSET).toISOString().slice(0, 10);
