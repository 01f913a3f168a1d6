/**
 * The one home of the small statistics and calendar helpers the projections and reports share.
 * Pure: times are ISO strings, durations come back as plain numbers, nothing reads the clock.
 */

export const MS_PER_DAY = 86_400_000;

/** Arithmetic mean; null for no values (an average of nothing is unknown, not 0). */
export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/** Middle value (mean of the two middle ones for an even count); null for no values. */
export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Nearest-rank percentile: the smallest observed value with at least `p`% of the values at or below
 * it, so p90 is always a time that really happened. `p` in (0, 100]; null for no values.
 */
export const percentile = (values: readonly number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
};

/** numerator / denominator, or null when there is nothing to divide by. */
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** Rounds for display (durations); null stays null. */
export const round = (value: number | null, digits = 2): number | null =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits at `from` (`length` of them) as a number; NaN when one is not a digit. */
const digitsAt = (text: string, from: number, length: number): number => {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
};

/** The instant of a time in the form every recorded time has (`toISOString`); undefined for any other form or an impossible date. */
const recordedForm = (iso: string): number | undefined => {
  if (iso.length === 24 && iso[4] === '-' && iso[7] === '-' && iso[10] === 'T' && iso[13] === ':' && iso[16] === ':' && iso[19] === '.' && iso[23] === 'Z') {
    const year = digitsAt(iso, 0, 4);
    const month = digitsAt(iso, 5, 2);
    const day = digitsAt(iso, 8, 2);
    const hour = digitsAt(iso, 11, 2);
    const minute = digitsAt(iso, 14, 2);
    const second = digitsAt(iso, 17, 2);
    const ms = digitsAt(iso, 20, 3);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= monthDays && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return undefined;
};

/**
 * `Date.parse`, fast for the form every recorded time has (`toISOString`: `2026-01-05T09:30:00.000Z`);
 * anything else (offsets, dates only, an impossible date) goes to `Date.parse` itself. The reports
 * compare and subtract times of every lead per query: parsing was a third of their time.
 */
export const toMillis = (iso: string): number => recordedForm(iso) ?? Date.parse(iso);

/** Fractional days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => (toMillis(to) - toMillis(from)) / MS_PER_DAY;

/** Compares two instants (ISO strings with any offset): negative, 0 or positive. */
export const compareTimes = (a: string, b: string): number => toMillis(a) - toMillis(b);

/** The time in the recorded UTC form; one already in it is returned as it is (read models ask for the day of most events). */
const utc = (iso: string): string => (recordedForm(iso) !== undefined ? iso : new Date(Date.parse(iso)).toISOString());

/** The UTC calendar day, `YYYY-MM-DD`. */
export const dayOf = (iso: string): string => utc(iso).slice(0, 10);

/** The UTC calendar month, `YYYY-MM`. */
export const monthOf = (iso: string): string => utc(iso).slice(0, 7);

/**
 * ISO-8601 week of the UTC day, `YYYY-Www`: weeks start on Monday and week 1 holds the year's first
 * Thursday, so 2024-12-30 is in 2025-W01 and 2021-01-03 in 2020-W53.
 */
export const isoWeekOf = (iso: string): string => {
  const day = new Date(`${dayOf(iso)}T00:00:00.000Z`);
  const weekday = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  const thursday = new Date(day.getTime() + (4 - weekday) * MS_PER_DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * MS_PER_DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** Mean, median and p90 of a list of durations, with how many there were. */
export interface Distribution {
  readonly count: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p90: number | null;
}

export const distribution = (values: readonly number[]): Distribution => ({
  count: values.length,
  mean: round(mean(values)),
  median: round(median(values)),
  p90: round(percentile(values, 90)),
});

/** Plain code-unit order for ids and keys (stable across locales, unlike localeCompare). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Groups items under one or more keys each (an item may belong to several groups), keys sorted. */
export const groupByKeys = <T>(items: readonly T[], keysOf: (item: T) => readonly string[]): [string, T[]][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const members = groups.get(key) ?? [];
      members.push(item);
      groups.set(key, members);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b));
};
