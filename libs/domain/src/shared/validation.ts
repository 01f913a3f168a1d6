/** Small pure helpers shared by the deciders. */
export const isAfter = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

export const addHours = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

export const addDays = (iso: string, days: number): string => addHours(iso, days * 24);

/** Rounds money to cents so sums of many payments do not drift. */
export const money = (value: number): number => Math.round(value * 100) / 100;

/** Drops keys whose value is undefined, so events hold only what was given (and compare/serialise cleanly). */
export const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
