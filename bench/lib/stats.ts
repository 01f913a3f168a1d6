/** Small statistics and timing helpers shared by every benchmark. */

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Nearest-rank percentile (p in 0–100). */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
};

/** High-resolution milliseconds. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `warmups` unmeasured rounds, then `runs` measured ones, alternating ours and the baseline
 * inside every round so that drift of the machine (page cache, CPU frequency) hits both alike.
 */
export const alternate = async <T>(
  runs: number,
  warmups: number,
  ours: (round: number) => Promise<T>,
  baseline: (round: number) => Promise<T>,
): Promise<{ ours: T[]; baseline: T[] }> => {
  for (let i = 0; i < warmups; i++) {
    await ours(-1 - i);
    await baseline(-1 - i);
  }
  const result = { ours: [] as T[], baseline: [] as T[] };
  for (let i = 0; i < runs; i++) {
    // Swap who goes first every round.
    if (i % 2 === 0) {
      result.ours.push(await ours(i));
      result.baseline.push(await baseline(i));
    } else {
      result.baseline.push(await baseline(i));
      result.ours.push(await ours(i));
    }
  }
  return result;
};

/** Samples the process's memory every `intervalMs` until stopped; returns the peaks in MiB. */
export interface MemoryPeak {
  readonly rssMiB: number;
  readonly heapMiB: number;
}

export const memorySampler = (intervalMs = 25): { peak: () => MemoryPeak; stop: () => MemoryPeak } => {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  const peak = () => ({ rssMiB: rss / 2 ** 20, heapMiB: heap / 2 ** 20 });
  return {
    /** The peak so far. */
    peak,
    stop: () => {
      clearInterval(timer);
      sample();
      return peak();
    },
  };
};

export const fmt = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(value);

export const fmtCount = (n: number): string => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n));
