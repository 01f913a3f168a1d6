import 'reflect-metadata';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore } from '@app/event-store';
import { PROJECTIONS } from '@app/read-models';
import { ProjectionRunner } from '@app/projection-engine';
import { createDocumentStore, READ_STORE_PRAGMAS } from '@app/read-store';
import { MemoryPeak, memorySampler, nowMs } from '../lib/stats';

/**
 * One rebuild, in a process of its own so its peak memory is its own:
 *   ours  <eventsDir> <outDir>: every read model rebuilt from position 0 (ProjectionRunner.rebuild), all at once.
 *   raw   <eventsDir> <outDir>: scan the log, JSON.parse, upsert one document per event in batches of 500, with the read store's pragmas.
 * Prints one JSON line: { events, ms, rssMiB, heapMiB, half }, where `half` is the peak memory
 * until every read model had caught up over the first half of the log (ours only): bounded memory
 * means the second half adds nothing to it.
 */
const BATCH = 500;

/**
 * What `POST /projections/{name}/rebuild` does, for every read model at once: the live generations
 * stand at the head (empty: they are not what is measured), and each is rebuilt from position 0
 * beside it (ProjectionRunner.rebuild: catch up, build the indexes, swap in).
 */
const ours = async (eventsDir: string, outDir: string, memory: { peak: () => MemoryPeak }): Promise<{ events: number; half?: MemoryPeak }> => {
  const events = await createEventStore({ eventStoreUrl: process.env.EVENTSTORE_URL || undefined, dataDir: eventsDir });
  const docs = await createDocumentStore({ mongodbUrl: process.env.MONGODB_URL || undefined, dataDir: outDir });
  const head = await events.headPosition();
  // Generation 1 of every read model, empty, with its checkpoint at the head: start() has nothing to catch up.
  for (const projection of PROJECTIONS) await docs.commit(`${projection.name}@1`, head, []);
  // As `npm run cli -- projections rebuild` runs it (apps/cli/src/projector.ts): no in-memory copies.
  const runner = new ProjectionRunner(events, docs, PROJECTIONS, process.env.PROJECTION_BATCH_SIZE ? { batchSize: Number(process.env.PROJECTION_BATCH_SIZE) } : {});
  await runner.start();
  // Counted (positions are no count): the events in the log, and those each rebuild applies.
  const total = await events.countEvents({ upTo: head });
  const perProjection = new Map(await Promise.all(runner.projections.map(async (p) => [p.name, await runner.eventsToRebuild(p)] as const)));
  let half: MemoryPeak | undefined;
  const progress = setInterval(() => {
    void runner.status().then((statuses) => {
      if (!half && statuses.every((s) => (s.rebuild ? s.rebuild.eventsApplied * 2 >= (perProjection.get(s.name) ?? 0) : s.generation > 1))) half = memory.peak();
    });
  }, 100);
  const rebuilt = await Promise.all(runner.projections.map((projection) => runner.rebuild(projection))).finally(() => clearInterval(progress));
  await runner.stop();
  await docs.close();
  await events.close();
  const failed = rebuilt.filter((status) => status.generation !== 2 || status.lastError);
  if (failed.length > 0) throw new Error(`rebuild did not finish: ${JSON.stringify(failed)}`);
  return { events: total, half };
};

const raw = (eventsDir: string, outDir: string): number => {
  const log = new Database(join(eventsDir, 'events.sqlite3'), { readonly: true });
  const out = new Database(join(outDir, 'raw-documents.sqlite3'));
  // Kept as the read store keeps its file (WAL, synchronous=NORMAL, …): the same cost per commit.
  for (const pragma of READ_STORE_PRAGMAS) out.pragma(pragma);
  out.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
  const upsert = out.prepare('INSERT INTO docs (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc');
  const write = out.transaction((batch: readonly [string, string][]) => {
    for (const [id, doc] of batch) upsert.run(id, doc);
  });
  const page = log.prepare('SELECT position, stream_id, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?');
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = page.all(after, BATCH) as { position: number; stream_id: string; type: string; data: string; metadata: string }[];
    if (rows.length === 0) break;
    const batch = rows.map((row): [string, string] => {
      const data = JSON.parse(row.data);
      const metadata = JSON.parse(row.metadata);
      return [row.stream_id, JSON.stringify({ _id: row.stream_id, _position: row.position, type: row.type, data, at: metadata.occurredAt })];
    });
    write(batch);
    count += rows.length;
    after = rows[rows.length - 1].position;
  }
  log.close();
  out.close();
  return count;
};

const main = async () => {
  const [mode, eventsDir, outDir] = process.argv.slice(2);
  const memory = memorySampler(20);
  const start = nowMs();
  const result = mode === 'raw' ? { events: raw(eventsDir, outDir) } : await ours(eventsDir, outDir, memory);
  const ms = nowMs() - start;
  const peak = memory.stop();
  process.stdout.write(`${JSON.stringify({ ...result, ms, ...peak })}\n`);
};

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
