import { execFile } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SQLITE_READ_MODELS_FILE } from '@app/read-store';
import { BenchContext, freshDir } from '../lib/context';
import { Figure } from '../lib/figure';
import { historyDataDir } from '../lib/history';
import { BUILT_ROOT } from '../lib/processes';
import { alternate, fmt, fmtCount, median } from '../lib/stats';

interface RebuildRun {
  readonly events: number;
  readonly ms: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  /** Peak until every read model had caught up over the first half of the log (ours only). */
  readonly half?: { readonly rssMiB: number; readonly heapMiB: number };
  readonly outDir: string;
}

const run = async (ctx: BenchContext, mode: 'ours' | 'raw', eventsDir: string): Promise<RebuildRun> => {
  const outDir = freshDir(ctx, `rebuild-${mode}`);
  const { stdout } = await promisify(execFile)(process.execPath, [join(BUILT_ROOT, 'bench/workers/rebuild.worker.js'), mode, eventsDir, outDir], {
    maxBuffer: 1 << 20,
    env: { ...process.env, ...(ctx.eventStoreUrl && { EVENTSTORE_URL: ctx.eventStoreUrl }), ...(ctx.mongodbUrl && { MONGODB_URL: ctx.mongodbUrl }) },
  });
  return { ...(JSON.parse(stdout.trim().split('\n').pop()!) as Omit<RebuildRun, 'outDir'>), outDir };
};

/**
 * Rebuilding every read model from the log (ProjectionRunner.rebuild of all of them), against a raw
 * scan + JSON.parse + batched upsert of one document per event. Each run is a process of its own;
 * its peak memory over the whole log is compared with its peak over the first half: memory that
 * does not grow with history adds nothing in the second half.
 */
export const rebuildFigure = async (ctx: BenchContext): Promise<Figure[]> => {
  const large = await historyDataDir(ctx, ctx.sizes.largeLog);
  // The warm-up only wakes the disk and the CPU (every round is a process of its own): the small log does.
  const small = await historyDataDir(ctx, ctx.sizes.smallLog);
  const runs = ctx.quick ? ctx.runs : 3;
  ctx.log(`rebuild: all read models from ${fmtCount(large.info.events)} events vs raw scan + upsert (${runs} rounds after a warm-up on ${fmtCount(small.info.events)})`);
  // The raw baseline is a local SQLite file: it says nothing about a remote event or read store.
  const remote = ctx.eventStoreUrl !== undefined || ctx.mongodbUrl !== undefined;
  await run(ctx, 'ours', small.dataDir);
  if (!remote) await run(ctx, 'raw', small.dataDir);
  let last: RebuildRun | undefined;
  const rounds = await alternate<RebuildRun | undefined>(
    runs,
    0,
    async () => {
      last = await run(ctx, 'ours', large.dataDir);
      ctx.log(`rebuild ours: ${fmt(last.ms / 1000, 1)} s, peak RSS ${fmt(last.rssMiB)} MiB`);
      return last;
    },
    async () => (remote ? undefined : run(ctx, 'raw', large.dataDir)),
  );
  // Keep the rebuilt read models beside the history: the report figures query them.
  const built = join(last!.outDir, SQLITE_READ_MODELS_FILE);
  if (!ctx.mongodbUrl && existsSync(built)) {
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(built + suffix)) renameSync(built + suffix, join(large.dataDir, SQLITE_READ_MODELS_FILE + suffix));
  }
  const oursRuns = rounds.ours.filter((r): r is RebuildRun => r !== undefined);
  const ours = median(oursRuns.map((r) => (r.events / r.ms) * 1000));
  const baselines = rounds.baseline.filter((r): r is RebuildRun => r !== undefined);
  const base = baselines.length > 0 ? median(baselines.map((r) => (r.events / r.ms) * 1000)) : NaN;
  const peak = median(oursRuns.map((r) => r.rssMiB));
  const peakHeap = median(oursRuns.map((r) => r.heapMiB));
  const halfPeak = median(oursRuns.map((r) => r.half?.rssMiB ?? NaN));
  const halfHeap = median(oursRuns.map((r) => r.half?.heapMiB ?? NaN));
  const share = ours / base;
  const growth = peak / halfPeak;
  return [
    {
      figure: `projection rebuild of all read models, ${fmtCount(large.info.events)} events`,
      ours: `${fmt(ours)} events/s (${fmt(median(oursRuns.map((r) => r.ms)) / 1000, 1)} s)`,
      baseline: Number.isNaN(base) ? 'n/a (remote store)' : `${fmt(base)} events/s (${fmt(median(baselines.map((r) => r.ms)) / 1000, 1)} s)`,
      ratio: Number.isNaN(base) ? '-' : `${fmt(share * 100)}%`,
      target: '≥ 60%',
      met: Number.isNaN(base) ? null : share >= 0.6,
      notes: [`ProjectionRunner.rebuild of the 5 read models at once (catch up from 0, build indexes, swap), a process of its own; baseline = scan + JSON.parse + one upsert per event, 500 per transaction, with the read store's pragmas (WAL, synchronous=NORMAL); median of ${runs} rounds`],
    },
    {
      figure: `rebuild peak memory, first half vs all of ${fmtCount(large.info.events)} events`,
      ours: `RSS ${fmt(peak)} MiB, heap ${fmt(peakHeap)} MiB over all ${fmtCount(large.info.events)}`,
      baseline: `RSS ${fmt(halfPeak)} MiB, heap ${fmt(halfHeap)} MiB over the first ${fmtCount(large.info.events / 2)}`,
      ratio: `${fmt(growth, 2)}×`,
      target: 'bounded (≤ 1.5×)',
      met: growth <= 1.5,
      notes: [
        'peak of the same rebuild process (sampled every 20 ms) until every read model had passed the middle of the log, and until the end (index builds and swap included); about 130 MiB of it is node and the loaded code; what a read model holds is bounded by counts, not by history: a shared window of 4 pages, a batch, the 4 000 documents written last, at most 20 000 changed documents or 200 000 events held back while far behind the head',
      ],
    },
  ];
};
