import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@app/domain/shared';
import { SqliteEventStore, Subscription } from '@app/event-store';
import { Document, DocumentStore, DocumentWrite, SqliteDocumentStore } from '@app/read-store';
import { PROJECTIONS } from './registry';
import { project, Projection, ProjectionRunner, ReadModelDoc } from '@app/projection-engine';
import { complaintEvents, onComplaint } from './testing/complaint-events';
import { LogEntry, recordLog } from './testing/event-log';
import { activityLogged, journeyEvents, onLead } from './testing/lead-events';
import { personalDataErased } from './testing/subject-events';
import { activityProjection } from './activity/activity.projection';
import { complaintsProjection } from './complaints/complaints.projection';
import { customersProjection } from './customers/customers.projection';
import { PipelineDoc, pipelineProjection } from './pipeline/pipeline.projection';
import { referralsProjection } from './referrals/referrals.projection';

/** A varied history: funnel journeys with referrals, activities and complaints. */
const history = (): LogEntry[] => {
  const entries: LogEntry[] = [];
  const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d, 9)).toISOString();
  for (let i = 0; i < 60; i++) {
    const leadId = `lead-${i}`;
    const moves = i % 5 === 0 ? ([['C', day(i + 1)], ['won', day(i + 5), 1000 + i]] as const) : i % 5 === 1 ? ([['lost', day(i + 2)]] as const) : i % 5 === 2 ? ([['B', day(i + 2)]] as const) : [];
    const referredBy = i > 5 && i % 4 === 0 ? { kind: 'lead' as const, id: `lead-${i - 5}` } : undefined;
    entries.push(...journeyEvents({ leadId, capturedAt: day(i), capture: { ownerId: `rep-${i % 3}`, ...(referredBy && { referredBy, source: 'referral' }) }, manClass: i % 7 === 0 ? 'm+a+n' : 'M+A+N', moves }).map((e) => onLead(e, `rep-${i % 3}`)));
    entries.push(onLead(activityLogged(leadId, `act-${i}`, i % 2 ? 'call' : 'visit', day(i + 1)), `rep-${i % 3}`));
  }
  for (let c = 0; c < 10; c++) {
    entries.push(...complaintEvents(`cmp-${c}`, `lead-${c * 5}`, [['log', day(c + 10)], ['acknowledge', day(c + 10.1)], ['resolve', day(c + 11)]]).map(onComplaint));
  }
  return entries;
};

const toNew = (event: RecordedEvent) => ({ type: event.type, version: event.version, data: event.data, metadata: { ...event.metadata, eventId: randomUUID() } });

/** Appends the log as the API would: one append per event, each with its own stream revision. */
const appendAll = async (store: SqliteEventStore, log: readonly RecordedEvent[]) => {
  for (const event of log) await store.append(event.streamId, [toNew(event)], 'any');
};

const snapshot = async (docs: DocumentStore, runner: ProjectionRunner): Promise<Record<string, Document[]>> => {
  const result: Record<string, Document[]> = {};
  for (const projection of runner.projections) {
    const docsOf: Document[] = (result[projection.name] = []);
    for await (const doc of docs.scan(runner.collectionOf(projection))) docsOf.push(doc);
  }
  return result;
};

/** The same projections computed by the pure reference fold over the log as stored (real positions). */
const reference = async (store: SqliteEventStore): Promise<Record<string, Document[]>> => {
  const log = await store.readAll();
  return Object.fromEntries(PROJECTIONS.map((p) => [p.name, [...project(p as Projection, log).values()].sort((a, b) => (a._id < b._id ? -1 : 1))]));
};

describe('ProjectionRunner on the embedded stores', () => {
  let dir: string;
  let events: SqliteEventStore;
  let docs: SqliteDocumentStore;
  const log = recordLog(history());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'l2c-runner-'));
    // Positions far apart, as EventStoreDB's: the runner must never take their distance for a count.
    events = new SqliteEventStore({ file: join(dir, 'events.sqlite3'), sparsePositions: true });
    docs = new SqliteDocumentStore({ file: join(dir, 'read-models.sqlite3') });
  });
  afterEach(async () => {
    await events.close();
    await docs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds every read model incrementally while events arrive, equal to the pure fold; a rebuild of each equals it too', async () => {
    const runner = new ProjectionRunner(events, docs, PROJECTIONS, { batchSize: 7 });
    await appendAll(events, log.slice(0, 150));
    await runner.start();
    await appendAll(events, log.slice(150));
    expect(await runner.waitFor(runner.projections, await events.headPosition(), 10_000)).toBe(true);
    const incremental = await snapshot(docs, runner);
    expect(incremental).toEqual(await reference(events));
    expect(incremental.pipeline).toHaveLength(60);

    for (const projection of runner.projections) {
      const before = (await runner.status()).find((s) => s.name === projection.name)!;
      const after = await runner.rebuild(projection);
      expect(after.generation).toBe(before.generation + 1);
      expect(after.lastRebuild).toMatchObject({ outcome: 'swapped', generation: before.generation + 1 });
    }
    expect(await snapshot(docs, runner)).toEqual(incremental);
    await runner.stop();
  });

  it('rebuilds every read model at once with one read of the log for all of them, equal to the pure fold', async () => {
    await appendAll(events, log);
    // Counts every event the log hands out, by readAll or by a subscription.
    let eventsRead = 0;
    const counting = Object.setPrototypeOf(
      {
        readAll: async (options: Parameters<SqliteEventStore['readAll']>[0]) => {
          const read = await events.readAll(options);
          eventsRead += read.length;
          return read;
        },
        subscribe: (options: Parameters<SqliteEventStore['subscribe']>[0]): Subscription => {
          const inner = events.subscribe(options);
          const iterator = inner[Symbol.asyncIterator]();
          return {
            get scannedTo() {
              return inner.scannedTo;
            },
            close: () => inner.close(),
            [Symbol.asyncIterator]: () => ({
              next: async () => {
                const next = await iterator.next();
                if (!next.done) eventsRead++;
                return next;
              },
            }),
          };
        },
      },
      events,
    ) as SqliteEventStore;
    const runner = new ProjectionRunner(counting, docs, PROJECTIONS, { batchSize: 7 });
    await runner.start();
    await runner.waitFor(runner.projections, await events.headPosition(), 10_000);
    eventsRead = 0;
    const rebuilt = await Promise.all(runner.projections.map((projection) => runner.rebuild(projection)));
    expect(rebuilt.map((s) => s.generation)).toEqual(runner.projections.map(() => 2));
    expect(await snapshot(docs, runner)).toEqual(await reference(events));
    // Read apart, each projection would read its own events: together they read the log about once.
    const all = await events.readAll();
    const apart = PROJECTIONS.reduce((sum, p) => sum + all.filter((e) => p.eventTypes.includes(e.type)).length, 0);
    expect(apart).toBeGreaterThan(all.length * 1.5);
    expect(eventsRead).toBeLessThan(all.length * 1.2);
    await runner.stop();
  });

  it('holds the changes of a catch-up far behind the head and commits them together; what is held when it goes idle is committed', async () => {
    await appendAll(events, log);
    const counts = { commits: 0, writes: 0 };
    const counting = Object.create(docs) as SqliteDocumentStore;
    counting.commit = async (name: string, position: number, writes: readonly DocumentWrite[]) => {
      if (name.startsWith('pipeline@')) {
        counts.commits++;
        counts.writes += writes.length;
      }
      return docs.commit(name, position, writes);
    };
    const build = async (holdBack: { whenBehind: number; maxDocuments: number }) => {
      counts.commits = counts.writes = 0;
      const runner = new ProjectionRunner(events, counting, PROJECTIONS, { batchSize: 5, holdBack });
      await runner.start();
      expect(await runner.waitFor(runner.projections, await events.headPosition(), 10_000)).toBe(true);
      const built = await snapshot(docs, runner);
      await runner.stop();
      for (const projection of runner.projections) {
        await docs.dropCollection(runner.collectionOf(projection));
        await docs.deleteCheckpoint(runner.collectionOf(projection));
      }
      return { built, ...counts };
    };
    const batchByBatch = await build({ whenBehind: Infinity, maxDocuments: 40 });
    // The log ends with complaint events the pipeline does not read: its last batches are held until it goes idle.
    const held = await build({ whenBehind: 20, maxDocuments: 40 });
    expect(held.built).toEqual(await reference(events));
    expect(batchByBatch.built).toEqual(held.built);
    expect(held.commits).toBeLessThan(batchByBatch.commits / 3);
    expect(held.writes).toBeLessThan(batchByBatch.writes * 0.75);
  });

  it('serves the live generation while a rebuild runs, and keeps applying new events to both', async () => {
    const runner = new ProjectionRunner(events, docs, PROJECTIONS, { batchSize: 5 });
    await appendAll(events, log.slice(0, 100));
    await runner.start();
    await runner.waitFor(runner.projections, await events.headPosition(), 10_000);
    const live = runner.collectionOf(pipelineProjection);
    const rebuilding = runner.rebuild(pipelineProjection);
    expect(runner.collectionOf(pipelineProjection)).toBe(live);
    await appendAll(events, log.slice(100));
    await rebuilding;
    expect(runner.collectionOf(pipelineProjection)).not.toBe(live);
    await runner.waitFor(runner.projections, await events.headPosition(), 10_000);
    expect(await snapshot(docs, runner)).toEqual(await reference(events));
    await runner.stop();
  });

  it('resumes from its checkpoint after a restart instead of replaying the log', async () => {
    const firstPart = log.length - 12;
    await appendAll(events, log.slice(0, firstPart));
    const first = new ProjectionRunner(events, docs, PROJECTIONS);
    await first.start();
    await first.waitFor(first.projections, await events.headPosition(), 10_000);
    await first.stop();
    const checkpoints = await Promise.all(first.projections.map((p) => docs.checkpoint(first.collectionOf(p))));

    await appendAll(events, log.slice(firstPart));
    // The positions of every event the second runner reads from the log (its catch-up reads pages; live subscriptions start at the head).
    const positionsRead: number[] = [];
    const spying = {
      ...events,
      readAll: async (options: Parameters<SqliteEventStore['readAll']>[0]) => {
        const read = await events.readAll(options);
        positionsRead.push(...read.map((e) => e.position));
        return read;
      },
    } as unknown as SqliteEventStore;
    Object.setPrototypeOf(spying, events);
    const second = new ProjectionRunner(spying, docs, PROJECTIONS);
    await second.start();
    await second.waitFor(second.projections, await events.headPosition(), 10_000);
    expect(await snapshot(docs, second)).toEqual(await reference(events));
    // Only the events after the checkpoints were read (the customers read model had none to resume from).
    expect(positionsRead.length).toBeGreaterThan(0);
    expect(Math.min(...positionsRead)).toBeGreaterThan(Math.min(...checkpoints.filter((c) => c > 0)));
    await second.stop();
  });

  it.each([
    ['batch by batch', { whenBehind: Infinity }],
    ['holding changes back', { whenBehind: 20, maxDocuments: 30 }],
  ])('converges to the clean build after a crash mid-way (%s), and after its checkpoints are lost (every batch delivered again)', async (_, holdBack) => {
    await appendAll(events, log);
    // The "crash": from the 4th batch on, commits fail, and the process stops before any is retried.
    let batches = 0;
    const crashing = Object.create(docs) as SqliteDocumentStore;
    crashing.commit = async (name: string, position: number, writes: readonly DocumentWrite[]) => {
      if (!name.startsWith('_projections/') && ++batches >= 4) throw new Error('power cut');
      return docs.commit(name, position, writes);
    };
    const doomed = new ProjectionRunner(events, crashing, PROJECTIONS, { batchSize: 10, holdBack });
    await doomed.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await doomed.stop();

    const restarted = new ProjectionRunner(events, docs, PROJECTIONS, { batchSize: 10, holdBack });
    await restarted.start();
    await restarted.waitFor(restarted.projections, await events.headPosition(), 10_000);
    const converged = await snapshot(docs, restarted);
    expect(converged).toEqual(await reference(events));
    await restarted.stop();

    // Written but the checkpoint lost: every event is delivered again onto the existing documents.
    for (const projection of restarted.projections) await docs.deleteCheckpoint(restarted.collectionOf(projection));
    const replaying = new ProjectionRunner(events, docs, PROJECTIONS, { batchSize: 3, holdBack });
    await replaying.start();
    await replaying.waitFor(replaying.projections, await events.headPosition(), 10_000);
    expect(await snapshot(docs, replaying)).toEqual(converged);
    await replaying.stop();
  });

  it('stops a projection at an event it cannot apply and shows why, while the others keep running', async () => {
    const broken: Projection<ReadModelDoc> = {
      ...(PROJECTIONS.find((p) => p.name === 'activity') as Projection<ReadModelDoc>),
      evolve: () => {
        throw new Error('unexpected activity shape');
      },
    };
    const runner = new ProjectionRunner(events, docs, [...PROJECTIONS.filter((p) => p.name !== 'activity'), broken]);
    await appendAll(events, log);
    await runner.start();
    await runner.waitFor([pipelineProjection, customersProjection, complaintsProjection, referralsProjection], await events.headPosition(), 10_000);
    const deadline = Date.now() + 5_000;
    let activity = (await runner.status()).find((s) => s.name === 'activity')!;
    while (activity.state !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      activity = (await runner.status()).find((s) => s.name === 'activity')!;
    }
    const firstActivity = (await events.readAll({ types: ['LeadActivityLogged'], maxCount: 1 }))[0];
    expect(activity.state).toBe('failed');
    expect(activity.checkpoint).toBeLessThan(firstActivity.position);
    expect(activity.lastError).toMatchObject({ eventType: 'LeadActivityLogged', position: firstActivity.position });
    expect(activity.lastError!.message).toContain('unexpected activity shape');
    // The lag is the events it still has to apply, counted: not the distance between two positions.
    const waiting = await events.readAll({ after: activity.checkpoint, types: [...broken.eventTypes] });
    expect(waiting.length).toBeGreaterThan(0);
    expect({ lagEvents: activity.lagEvents, capped: activity.lagEventsCapped }).toEqual({ lagEvents: waiting.length, capped: false });
    const live = (await runner.status()).filter((s) => s.name !== 'activity');
    expect(live.every((s) => s.state === 'live' && s.lagEvents === 0)).toBe(true);
    expect((await runner.status()).filter((s) => s.name !== 'activity').every((s) => s.state === 'live')).toBe(true);
    expect(await runner.waitFor([activityProjection], await events.headPosition(), 200)).toBe(false);
    await runner.stop();
  });

  it('counts a projection as caught up at positions of events it does not read', async () => {
    const runner = new ProjectionRunner(events, docs, PROJECTIONS);
    await appendAll(events, log);
    await runner.start();
    const lastComplaint = (await events.readAll({ streamPrefix: 'complaint-' })).at(-1)!;
    // The pipeline reads no complaint event, yet it has "reached" the complaint's position.
    expect(await runner.waitFor([pipelineProjection], lastComplaint.position, 10_000)).toBe(true);
    // A position the log has not reached yet (any number past its head).
    expect(await runner.waitFor([pipelineProjection], Number.MAX_SAFE_INTEGER, 200)).toBe(false);
    await runner.stop();
  });

  it('scrubs an erased person in the store and in the in-memory copy alike; a rebuild equals it', async () => {
    const runner = new ProjectionRunner(events, docs, PROJECTIONS, { inMemory: [pipelineProjection] });
    await appendAll(events, log);
    await runner.start();
    const [erasure] = recordLog([personalDataErased('lead-0', ['lead-lead-0', 'complaint-cmp-0'], '2026-03-01T00:00:00.000Z')]);
    await events.append(erasure.streamId, [toNew(erasure)], 'no_stream');
    expect(await runner.waitFor(runner.projections, await events.headPosition(), 10_000)).toBe(true);

    const inMemory = runner.documentsInMemory(pipelineProjection)!.find((doc) => doc._id === 'lead-0');
    const stored = await docs.get<PipelineDoc>(runner.collectionOf(pipelineProjection), 'lead-0');
    expect(inMemory).toMatchObject({ name: '[erased]', searchText: '', personalDataErasedAt: '2026-03-01T00:00:00.000Z', stage: 'won', wonAmount: 1000 });
    expect(JSON.parse(JSON.stringify(inMemory))).toEqual(stored);
    expect(runner.documentsInMemory(pipelineProjection)!.find((doc) => doc._id === 'lead-5')!.name).not.toBe('[erased]');
    expect(await docs.get(runner.collectionOf(complaintsProjection), 'cmp-0')).toMatchObject({ personalDataErasedAt: '2026-03-01T00:00:00.000Z' });

    const incremental = await snapshot(docs, runner);
    expect(incremental).toEqual(await reference(events));
    await runner.rebuild(pipelineProjection);
    expect((await snapshot(docs, runner)).pipeline).toEqual(incremental.pipeline);
    expect(runner.documentsInMemory(pipelineProjection)!.find((doc) => doc._id === 'lead-0')!.name).toBe('[erased]');
    await runner.stop();
  });

  it('reports an in-memory index that fails on a change: logged with its error and shown in the status, the documents still applied', async () => {
    const logged: string[] = [];
    const runner = new ProjectionRunner(events, docs, PROJECTIONS, { inMemory: [pipelineProjection], logger: { error: (message, stack) => logged.push(`${message}\n${stack}`) } });
    await appendAll(events, log.slice(0, 100));
    await runner.start();
    expect(await runner.waitFor(runner.projections, await events.headPosition(), 10_000)).toBe(true);
    const failing = () => ({
      change: () => {
        throw new Error('index cannot follow');
      },
    });
    expect(runner.indexInMemory(pipelineProjection, failing)).toBeDefined();
    expect((await runner.status()).find((s) => s.name === 'pipeline')!.lastIndexError).toBeNull();
    await appendAll(events, log.slice(100));
    expect(await runner.waitFor(runner.projections, await events.headPosition(), 10_000)).toBe(true);
    expect((await runner.status()).find((s) => s.name === 'pipeline')!.lastIndexError).toMatchObject({ message: 'index cannot follow' });
    expect(logged.join('\n')).toContain('index cannot follow');
    expect(runner.documentsInMemory(pipelineProjection)).toEqual((await snapshot(docs, runner)).pipeline.map((doc) => expect.objectContaining({ _id: doc._id })));
    await runner.stop();
  });
});
