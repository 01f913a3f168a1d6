import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { BenchContext } from './context';
import { cachedHistory, EVENTS_PER_LEAD } from './history';
import { BUILT_ROOT } from './processes';
import { hasCachedPipeline } from './read-models';

/** The generated data a suite reads: histories by events, and the pipeline by leads. */
const NEEDS: Readonly<Record<string, (ctx: BenchContext) => { readonly histories: readonly number[]; readonly pipeline?: number }>> = {
  append: (ctx) => ({ histories: [ctx.sizes.smallLog, ctx.sizes.largeLog] }),
  http: () => ({ histories: [] }),
  aggregate: (ctx) => ({ histories: [ctx.sizes.largeLog] }),
  rebuild: (ctx) => ({ histories: [ctx.sizes.largeLog, ctx.sizes.smallLog] }),
  reports: (ctx) => ({ histories: [ctx.sizes.largeLog], pipeline: ctx.sizes.pipelineLeads }),
};

/**
 * Writes the embedded histories and the pipeline the chosen suites read and BENCH_DIR lacks, before
 * anything is measured, one process per core: a fresh machine spends about as long writing them as
 * measuring, and the generators are single-threaded. (A history for EVENTSTORE_URL is written by its
 * figure, into the server, as before.)
 */
export const prepareData = async (ctx: BenchContext, suites: readonly string[]): Promise<void> => {
  const histories = new Set<number>();
  const pipelines = new Set<number>();
  for (const suite of suites) {
    const needs = NEEDS[suite](ctx);
    needs.histories.forEach((events) => histories.add(events));
    if (needs.pipeline !== undefined) pipelines.add(needs.pipeline);
  }
  // Largest first, so the longest job starts at once and the short ones fill the other core.
  const jobs: { readonly size: number; readonly args: readonly string[] }[] = [
    ...[...histories].filter((events) => !ctx.eventStoreUrl && !cachedHistory(ctx, events)).map((events) => ({ size: events, args: [String(events)] })),
    ...[...pipelines].filter((leads) => !ctx.mongodbUrl && !hasCachedPipeline(ctx, leads)).map((leads) => ({ size: leads * EVENTS_PER_LEAD, args: ['pipeline', String(leads)] })),
  ].sort((a, b) => b.size - a.size);
  if (jobs.length === 0) return;
  const started = Date.now();
  const parallel = Math.max(1, Math.min(cpus().length, jobs.length));
  ctx.log(`preparing: ${jobs.map((job) => job.args.join(' ')).join(', ')} (not in ${ctx.dir} yet), ${parallel} at a time`);
  const worker = async (): Promise<void> => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const child = spawn(process.execPath, [join(BUILT_ROOT, 'bench/workers/history.worker.js'), ...job.args], {
        env: { ...process.env, BENCH_DIR: ctx.dir, BENCH_SEED: String(ctx.seed) },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`preparing ${job.args.join(' ')} failed (exit ${code})`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  ctx.log(`preparing: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
};
