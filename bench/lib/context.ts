import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What every figure gets: run length, sizes and where to keep files. */
export interface BenchContext {
  readonly quick: boolean;
  /** Measured rounds per figure (the median is reported) and unmeasured warm-up rounds before them. */
  readonly runs: number;
  readonly warmups: number;
  /** Files of this run and the cached generated histories (BENCH_DIR, default the OS temp dir). */
  readonly dir: string;
  readonly sizes: {
    /** Events in the "large" log (rebuild, aggregate load, funnel/forecast, flat append). */
    readonly largeLog: number;
    /** Events in the "small" log of the flat-append figure. */
    readonly smallLog: number;
    /** Leads behind the pipeline page. */
    readonly pipelineLeads: number;
  };
  /** EVENTSTORE_URL / MONGODB_URL: the port-based figures run against those servers. */
  readonly eventStoreUrl?: string;
  readonly mongodbUrl?: string;
  readonly seed: number;
  log(message: string): void;
}

export const createContext = (argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchContext => {
  const quick = argv.includes('--quick');
  const dir = env.BENCH_DIR ?? join(tmpdir(), 'l2c-bench');
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  return {
    quick,
    runs: quick ? 3 : 5,
    warmups: 1,
    dir,
    sizes: quick
      ? { largeLog: 100_000, smallLog: 10_000, pipelineLeads: 20_000 }
      : { largeLog: 1_000_000, smallLog: 10_000, pipelineLeads: 200_000 },
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    mongodbUrl: env.MONGODB_URL || undefined,
    seed: Number(env.BENCH_SEED ?? 42),
    log: (message) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`),
  };
};

/** A fresh folder for one measured round. */
export const freshDir = (ctx: BenchContext, name: string): string => {
  const path = join(ctx.dir, 'runs', `${name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(path, { recursive: true });
  return path;
};
