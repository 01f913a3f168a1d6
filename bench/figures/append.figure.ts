import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createEventStore, EventStore, NewEvent } from '@app/event-store';
import { BenchContext, freshDir } from '../lib/context';
import { Figure, throughputFigure } from '../lib/figure';
import { historyDataDir } from '../lib/history';
import { openRawLog, RAW_INSERT } from '../lib/raw-sqlite';
import { alternate, fmt, fmtCount, median, nowMs, percentile } from '../lib/stats';

/** A LeadActivityLogged as the decider makes it, with the metadata the write path adds. */
export const activityEvent = (leadId: string, n: number): NewEvent => {
  const at = new Date(Date.UTC(2026, 0, 5, 9) + n * 60_000).toISOString();
  return {
    type: 'LeadActivityLogged',
    version: 1,
    data: { leadId, activityId: `act-${n}`, activityType: 'call', outcome: 'Reached the purchasing head; wants a quote next week', outcomeCode: 'reached', durationMinutes: 12, nextFollowUpAt: '2026-01-12T09:00:00.000Z', at },
    metadata: { eventId: randomUUID(), occurredAt: at, recordedAt: at, actor: 'rep-1', correlationId: randomUUID(), causationId: null },
  };
};

const STREAMS = 100;

/** Our sequential appends: one event per command, each awaited (one commit each). Returns per-append latencies (ms). */
const ourSequential = async (store: EventStore, count: number, prefix: string): Promise<{ latencies: number[]; ms: number }> => {
  const revisions = new Map<string, number>();
  const latencies: number[] = [];
  const begin = nowMs();
  for (let i = 0; i < count; i++) {
    const stream = `lead-${prefix}-${i % STREAMS}`;
    const expected = revisions.get(stream) ?? -1;
    const event = activityEvent(`${prefix}-${i % STREAMS}`, i);
    const start = nowMs();
    const result = await store.append(stream, [event], expected < 0 ? 'no_stream' : expected);
    latencies.push(nowMs() - start);
    revisions.set(stream, result.revision);
  }
  return { latencies, ms: nowMs() - begin };
};

/** The raw baseline: the same rows (serialised the same way), one prepared INSERT + COMMIT each. */
const rawSequential = (db: Database.Database, count: number, prefix: string): number => {
  const insert = db.prepare(RAW_INSERT);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const revisions = new Map<string, number>();
  const start = nowMs();
  for (let i = 0; i < count; i++) {
    const stream = `lead-${prefix}-${i % STREAMS}`;
    const revision = (revisions.get(stream) ?? -1) + 1;
    const e = activityEvent(`${prefix}-${i % STREAMS}`, i);
    begin.run();
    insert.run(e.metadata.eventId, stream, revision, e.type, e.version, JSON.stringify(e.data), JSON.stringify(e.metadata));
    commit.run();
    revisions.set(stream, revision);
  }
  return nowMs() - start;
};

/** `writers` concurrent writers, each appending `each` events to its own stream one after the other. */
const ourConcurrent = async (store: EventStore, writers: number, each: number, prefix: string): Promise<number> => {
  const start = nowMs();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let revision = -1;
      for (let i = 0; i < each; i++) {
        const result = await store.append(`lead-${prefix}-w${w}`, [activityEvent(`${prefix}-w${w}`, i)], revision < 0 ? 'no_stream' : revision);
        revision = result.revision;
      }
    }),
  );
  return nowMs() - start;
};

export const appendFigures = async (ctx: BenchContext): Promise<Figure[]> => {
  const count = ctx.quick ? 400 : 1_500;
  const figures: Figure[] = [];
  const remote = ctx.eventStoreUrl !== undefined;

  // 1. Sequential appends against raw INSERT + COMMIT.
  ctx.log(`append: ${count} sequential appends, ours vs raw INSERT + COMMIT (${ctx.runs} rounds)`);
  const sequential = await alternate(
    ctx.runs,
    ctx.warmups,
    async () => {
      const dataDir = freshDir(ctx, 'append-ours');
      const store = await createEventStore({ eventStoreUrl: ctx.eventStoreUrl, dataDir });
      try {
        return (await ourSequential(store, count, randomUUID().slice(0, 8))).ms;
      } finally {
        await store.close();
      }
    },
    async () => {
      if (remote) return NaN;
      const db = await openRawLog(join(freshDir(ctx, 'append-raw'), 'events.sqlite3'));
      try {
        return rawSequential(db, count, randomUUID().slice(0, 8));
      } finally {
        db.close();
      }
    },
  );
  const oursSeq = (count / median(sequential.ours)) * 1000;
  const rawSeq = (count / median(sequential.baseline)) * 1000;
  figures.push(
    remote
      ? { figure: 'append, 1 event/command, sequential', ours: `${fmt(oursSeq)} appends/s`, baseline: 'n/a (remote store)', ratio: '-', target: '≥ 60%', met: null }
      : throughputFigure('append, 1 event/command, sequential', 'appends/s', oursSeq, rawSeq, 0.6, [`${count} appends per round, synchronous=FULL, WAL; median of ${ctx.runs} rounds`]),
  );

  // 2. 64 concurrent writers against our own sequential appends.
  const writers = 64;
  const each = ctx.quick ? 40 : 120;
  ctx.log(`append: ${writers} concurrent writers × ${each} appends vs our sequential appends (${ctx.runs} rounds)`);
  const concurrent = await alternate(
    ctx.runs,
    ctx.warmups,
    async () => {
      const store = await createEventStore({ eventStoreUrl: ctx.eventStoreUrl, dataDir: freshDir(ctx, 'append-64') });
      try {
        return ((writers * each) / (await ourConcurrent(store, writers, each, randomUUID().slice(0, 8)))) * 1000;
      } finally {
        await store.close();
      }
    },
    async () => {
      const store = await createEventStore({ eventStoreUrl: ctx.eventStoreUrl, dataDir: freshDir(ctx, 'append-seq') });
      try {
        return (count / (await ourSequential(store, count, randomUUID().slice(0, 8))).ms) * 1000;
      } finally {
        await store.close();
      }
    },
  );
  const conc = median(concurrent.ours);
  const seq = median(concurrent.baseline);
  figures.push({
    figure: `append, synchronous=FULL, ${writers} concurrent writers`,
    ours: `${fmt(conc)} appends/s`,
    baseline: `${fmt(seq)} appends/s (ours, sequential)`,
    ratio: `${fmt(conc / seq, 1)}×`,
    target: '≥ 5×',
    met: conc / seq >= 5,
    notes: [`${writers} writers × ${each} appends, each to its own stream; group commit shares one fsync per batch`],
  });
  return figures;
};

/** Append latency in a small log against the large one (the same sequential appends, to new streams). */
export const flatAppendFigure = async (ctx: BenchContext): Promise<Figure[]> => {
  const count = ctx.quick ? 300 : 1_000;
  const small = await historyDataDir(ctx, ctx.sizes.smallLog);
  const large = await historyDataDir(ctx, ctx.sizes.largeLog);
  // The measured appends must not change the cached histories: each round appends to a copy.
  const copyOf = (dataDir: string): string => {
    const target = freshDir(ctx, 'flat');
    if (!ctx.eventStoreUrl) {
      const db = new Database(join(dataDir, 'events.sqlite3'));
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      copyFileSync(join(dataDir, 'events.sqlite3'), join(target, 'events.sqlite3'));
    }
    return target;
  };
  const smallCopy = copyOf(small.dataDir);
  const largeCopy = copyOf(large.dataDir);
  ctx.log(`append latency: ${count} sequential appends into a ${fmtCount(small.info.events)} log vs a ${fmtCount(large.info.events)} log (${ctx.runs} rounds)`);
  const rounds = await alternate(
    ctx.runs,
    ctx.warmups,
    async () => {
      const store = await createEventStore({ eventStoreUrl: ctx.eventStoreUrl, dataDir: largeCopy });
      try {
        return (await ourSequential(store, count, randomUUID().slice(0, 8))).latencies;
      } finally {
        await store.close();
      }
    },
    async () => {
      const store = await createEventStore({ eventStoreUrl: ctx.eventStoreUrl, dataDir: smallCopy });
      try {
        return (await ourSequential(store, count, randomUUID().slice(0, 8))).latencies;
      } finally {
        await store.close();
      }
    },
  );
  const largeMedian = median(rounds.ours.map((l) => median(l)));
  const smallMedian = median(rounds.baseline.map((l) => median(l)));
  const largeP99 = median(rounds.ours.map((l) => percentile(l, 99)));
  const smallP99 = median(rounds.baseline.map((l) => percentile(l, 99)));
  const ratio = largeMedian / smallMedian;
  return [
    {
      figure: `append latency, ${fmtCount(ctx.sizes.smallLog)} vs ${fmtCount(ctx.sizes.largeLog)} events in the log`,
      ours: `${fmt(largeMedian, 3)} ms at ${fmtCount(large.info.events)}`,
      baseline: `${fmt(smallMedian, 3)} ms at ${fmtCount(small.info.events)}`,
      ratio: `${fmt(ratio, 2)}×`,
      target: '≤ 1.5× (flat)',
      met: ratio <= 1.5,
      notes: [`median latency of ${count} sequential appends; p99 ${fmt(largeP99, 3)} ms vs ${fmt(smallP99, 3)} ms`],
    },
  ];
};
