import { join } from 'node:path';
import { readSettings } from '@app/config';
import { APPLICATION_SETTINGS } from '@app/application/application.settings';
import { createEventStore, EventStore } from '@app/event-store';
import { CommandExecutor } from '@app/application/command-executor';
import { BenchContext } from '../lib/context';
import { Figure, throughputFigure } from '../lib/figure';
import { historyDataDir } from '../lib/history';
import { openRawLog } from '../lib/raw-sqlite';
import { alternate, fmt, fmtCount, median, nowMs } from '../lib/stats';

/**
 * Leads spread over the whole log (every n-th captured), so the page cache is not favouring one side.
 * A function of its own, so the 100k captured events read to pick them are not held (and scanned by
 * every garbage collection) while either side is measured.
 */
const sampleLeads = async (store: EventStore, sample: number): Promise<string[]> => {
  const captured = await store.readAll({ types: ['LeadCaptured'], maxCount: 1_000_000 });
  const step = Math.max(1, Math.floor(captured.length / sample));
  return captured.filter((_, i) => i % step === 0).slice(0, sample).map((e) => (e.data as { leadId: string }).leadId);
};

/** The same loads on an executor that has folded these streams once: median of three passes. */
const warmLoads = async (store: EventStore, dataDir: string, ids: readonly string[]): Promise<number[]> => {
  const executor = new CommandExecutor(store, readSettings([APPLICATION_SETTINGS], {}));
  for (const id of ids) await executor.loadState('lead', id);
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const start = nowMs();
    for (const id of ids) await executor.loadState('lead', id);
    passes.push((ids.length / (nowMs() - start)) * 1000);
  }
  return passes;
};

/**
 * Loading an aggregate as every command does (read its stream, upcast, fold with the decider),
 * against a raw indexed SELECT of the same rows and JSON.parse of their data and metadata.
 */
export const aggregateLoadFigure = async (ctx: BenchContext): Promise<Figure[]> => {
  const { dataDir, info } = await historyDataDir(ctx, ctx.sizes.largeLog);
  const store = await createEventStore({ eventStoreUrl: ctx.eventStoreUrl, dataDir });
  // Cold loads, as after a restart or for a stream not used lately: no cached states.
  const executor = new CommandExecutor(store, readSettings([APPLICATION_SETTINGS], { STATE_CACHE_EVENTS: '0' }));
  const raw = ctx.eventStoreUrl ? undefined : await openRawLog(join(dataDir, 'events.sqlite3'), { readonly: true });
  try {
    const ids = await sampleLeads(store, ctx.quick ? 2_000 : 5_000);
    const select = raw?.prepare('SELECT position, revision, type, version, data, metadata FROM events WHERE stream_id = ? ORDER BY revision ASC');
    let events = 0;
    ctx.log(`aggregate load: ${ids.length} lead streams of a ${fmtCount(info.events)} log (${ctx.runs} rounds)`);
    const rounds = await alternate(
      ctx.runs,
      ctx.warmups,
      async () => {
        const start = nowMs();
        let count = 0;
        for (const id of ids) count += (await executor.loadState('lead', id)).eventIds.length;
        events = count;
        return (ids.length / (nowMs() - start)) * 1000;
      },
      async () => {
        if (!select) return NaN;
        const start = nowMs();
        for (const id of ids) {
          for (const row of select.all(`lead-${id}`) as { data: string; metadata: string }[]) {
            JSON.parse(row.data);
            JSON.parse(row.metadata);
          }
        }
        return (ids.length / (nowMs() - start)) * 1000;
      },
    );
    const warm = await warmLoads(store, dataDir, ids);
    const notes = [
      `${ids.length} leads (${(events / ids.length).toFixed(1)} events each on average) of a ${fmtCount(info.events)}-event log; ours = CommandExecutor.loadState with no cached states (readStream + upcast + fold)`,
      `with their states cached (what the next command on a lead loads: the events after the cached revision, none here): ${fmt(median(warm))} streams/s`,
    ];
    if (!select) {
      return [{ figure: 'aggregate load (read stream + fold)', ours: `${median(rounds.ours).toFixed(0)} streams/s`, baseline: 'n/a (remote store)', ratio: '-', target: '≥ 60%', met: null, notes }];
    }
    return [throughputFigure('aggregate load (read stream + fold)', 'streams/s', median(rounds.ours), median(rounds.baseline), 0.6, notes)];
  } finally {
    raw?.close();
    await store.close();
  }
};
