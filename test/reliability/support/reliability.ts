/**
 * Knobs and reporting shared by the reliability specs. `RELIABILITY_LONG=1` multiplies rounds and
 * durations (hours instead of minutes); `RELIABILITY_SEED` repeats a run's random choices (timing still varies).
 */
export const LONG = process.env.RELIABILITY_LONG === '1';

/** The short figure, or the long one under RELIABILITY_LONG=1. */
export const scaled = (short: number, long: number): number => (LONG ? long : short);

export const SEED = Number(process.env.RELIABILITY_SEED ?? 20_261_123);

/** A seeded PRNG (mulberry32): the same seed gives the same sequence of choices. */
export const prng = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
};
export type Prng = ReturnType<typeof prng>;

/**
 * Prints one line of figures, `name: key=value ...`, straight to stdout (console.log in jest adds
 * a stack location to every line). Returns the line, for the failure message of an assertion.
 */
export const report = (name: string, figures: Readonly<Record<string, string | number | boolean>>): string => {
  const line = `${name}: ${Object.entries(figures)
    .map(([key, value]) => `${key}=${typeof value === 'boolean' ? (value ? 'yes' : 'no') : value}`)
    .join(' ')}`;
  process.stdout.write(`${line}\n`);
  return line;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until `done` holds, at most `timeoutMs`; fails naming what it waited for. */
export const until = async <T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 100): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let failure: unknown;
    try {
      value = await probe();
      if (done(value)) return value;
    } catch (error) {
      failure = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${failure ? String(failure) : JSON.stringify(value)?.slice(0, 1500)}`);
    }
    await sleep(intervalMs);
  }
};

/** The p-th percentile (0-100) of the values, 0 when there are none. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
