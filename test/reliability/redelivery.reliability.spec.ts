import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings, STORE_SETTINGS } from '@app/config';
import { EventStoreUnavailableError, SqliteEventStore } from '@app/event-store';
import { PROJECTIONS } from '@app/read-models';
import { ProjectionRunner } from '@app/projection-engine';
import { ReadStoreUnavailableError, SqliteDocumentStore } from '@app/read-store';
import { generateHistory, HistoryEvent, interleave, toNewEvent } from './support/business-history';
import { FaultyDocumentStore, FaultyEventStore } from './support/faulty-stores';
import { prng, report, scaled, SEED, sleep } from './support/reliability';
import { cleanRebuild, combinedHash, differingProjections, foldReadModels, hashReadModels, POSITION_FIELDS, totalDocs } from './support/stores';

const LEADS = scaled(240, 4_000);
const ROUNDS = scaled(8, 400);
const INTERLEAVINGS = scaled(4, 100);
/** Faults per round, so that backoff waits stay short. */
const MAX_FAULTS_PER_ROUND = 6;

/** Appends events in this order as the API would, one append per event (one group commit for all). */
/**
 * `runner.waitFor`, asked again when its own look at the log (idle but behind: is anything left to
 * apply?) meets one of the simulated dropped connections: the wait observes the read models, it is
 * not what is under test.
 */
const caughtUp = async (runner: ProjectionRunner, position: number, stats: { waitsAskedAgain: number }): Promise<boolean> => {
  for (;;) {
    try {
      return await runner.waitFor(runner.projections, position, 60_000);
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError)) throw error;
      stats.waitsAskedAgain++;
    }
  }
};

/** `npm run test:sparse`: the logs made here have gaps between positions too. */
const SPARSE = readSettings([STORE_SETTINGS], process.env).sparsePositions;

const appendInOrder = async (store: SqliteEventStore, events: readonly HistoryEvent[]): Promise<void> => {
  await Promise.all(events.map((e) => store.append(e.streamId, [toNewEvent(e, randomUUID())], 'any')));
};

/**
 * The read models must come out the same whatever the delivery: every event twice, subscriptions
 * dropped mid-stream and resumed from the checkpoint, commits that wrote but reported failure,
 * commits that wrote the documents but not the checkpoint (a crash in between), checkpoints lost
 * altogether, runners restarted mid-way, any batch size; and streams interleaved in another order.
 */
describe('redelivery and reordering', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'l2c-redelivery-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const history = generateHistory(prng(SEED), LEADS);

  it('read models equal the reference fold after every round of redelivered, replayed and failed batches', async () => {
    const rng = prng(SEED + 1);
    const dir = tempDir();
    const events = new SqliteEventStore({ file: join(dir, 'events.sqlite3'), sparsePositions: SPARSE });
    const store = new SqliteDocumentStore({ file: join(dir, 'read-models.sqlite3') });
    const faultyEvents = new FaultyEventStore(events);
    const faultyDocs = new FaultyDocumentStore(store);
    const stats = { dropped: 0, waitsAskedAgain: 0, writtenThenFailed: 0, writtenWithoutCheckpoint: 0, checkpointsDeleted: 0, restarts: 0, roundsEqual: 0 };
    const mismatches: string[] = [];
    faultyEvents.deliveries = 2;
    let faults = 0;
    faultyEvents.beforeDelivery = () => {
      if (faults >= MAX_FAULTS_PER_ROUND || rng.next() > 0.002) return undefined;
      faults++;
      stats.dropped++;
      return new EventStoreUnavailableError('connection dropped (simulated)');
    };
    faultyDocs.faultError = () => new ReadStoreUnavailableError('commit outcome unknown (simulated)');
    faultyDocs.commitFault = (name) => {
      if (name.startsWith('_projections/') || faults >= MAX_FAULTS_PER_ROUND || rng.next() > 0.08) return 'none';
      faults++;
      const fault = rng.next() < 0.5 ? 'written-then-failed' : 'written-without-checkpoint';
      stats[fault === 'written-then-failed' ? 'writtenThenFailed' : 'writtenWithoutCheckpoint']++;
      return fault;
    };

    let runner: ProjectionRunner | undefined;
    try {
      const chunk = Math.ceil(history.events.length / ROUNDS);
      for (let round = 0; round < ROUNDS; round++) {
        faults = 0;
        await appendInOrder(events, history.events.slice(round * chunk, (round + 1) * chunk));
        const head = await events.headPosition();
        // A runner (a process) that may be restarted mid-way, each time with another batch size.
        for (let restart = rng.int(0, 2); restart > 0; restart--) {
          runner = new ProjectionRunner(faultyEvents, faultyDocs, PROJECTIONS, { batchSize: rng.int(1, 60) });
          await runner.start();
          await sleep(rng.int(0, 60));
          await runner.stop();
          stats.restarts++;
        }
        runner = new ProjectionRunner(faultyEvents, faultyDocs, PROJECTIONS, { batchSize: rng.int(1, 60) });
        await runner.start();
        if (!(await caughtUp(runner, head, stats))) throw new Error(`round ${round}: the read models did not catch up: ${JSON.stringify(await runner.status())}`);
        await runner.stop();
        const built = await hashReadModels(store, (projection) => runner!.collectionOf(projection));
        const reference = await foldReadModels(await events.readAll());
        const differing = differingProjections(built, reference);
        if (differing.length) mismatches.push(`round ${round}: ${differing.join(', ')}`);
        else stats.roundsEqual++;
        // Sometimes a checkpoint is lost: the next round delivers everything again onto the documents.
        for (const projection of runner.projections) {
          if (rng.next() < 0.15) {
            await store.deleteCheckpoint(runner.collectionOf(projection));
            stats.checkpointsDeleted++;
          }
        }
      }
      // One more runner catches up after the last lost checkpoints; then compare with a clean build too.
      runner = new ProjectionRunner(faultyEvents, faultyDocs, PROJECTIONS, { batchSize: 25 });
      await runner.start();
      expect(await caughtUp(runner, await events.headPosition(), stats)).toBe(true);
      await runner.stop();
      const final = await hashReadModels(store, (projection) => runner!.collectionOf(projection));
      const clean = await cleanRebuild(events);
      const log = await events.readAll();
      const line = report('redelivery', {
        seed: SEED,
        events: log.length,
        rounds: ROUNDS,
        deliveries: faultyEvents.delivered,
        deliveredTwiceInARow: faultyEvents.repeated,
        subscriptionsOpened: faultyEvents.subscriptions.length,
        droppedMidStream: stats.dropped,
        waitsAskedAgain: stats.waitsAskedAgain,
        writtenThenFailed: stats.writtenThenFailed,
        writtenWithoutCheckpoint: stats.writtenWithoutCheckpoint,
        checkpointsDeleted: stats.checkpointsDeleted,
        runnerRestarts: stats.restarts,
        roundsEqualToFold: `${stats.roundsEqual}/${ROUNDS}`,
        finalEqualsCleanBuild: differingProjections(final, clean).length === 0,
        docs: totalDocs(final),
        hash: combinedHash(final),
      });
      expect({ line, mismatches }).toEqual({ line, mismatches: [] });
      expect(differingProjections(final, clean)).toEqual([]);
      expect(differingProjections(final, await foldReadModels(log))).toEqual([]);
      // The faults really happened.
      expect(stats.writtenThenFailed + stats.writtenWithoutCheckpoint).toBeGreaterThan(0);
      expect(stats.dropped + stats.checkpointsDeleted).toBeGreaterThan(0);
      expect(Object.values(final).every((h) => h.docs > 0)).toBe(true);
    } finally {
      await runner?.stop();
      await events.close();
      await store.close();
    }
  }, scaled(180_000, 6 * 3_600_000));

  it(`read models are the same when the streams are interleaved differently in the log (${INTERLEAVINGS} orders)`, async () => {
    const hashes: string[] = [];
    const mismatches: string[] = [];
    let reference: Awaited<ReturnType<typeof cleanRebuild>> | undefined;
    for (let k = 0; k <= INTERLEAVINGS; k++) {
      const rng = prng(SEED + 100 + k);
      // Order 0 is the order the history was written in; the others shuffle streams against each other.
      const order = k === 0 ? history.events : interleave(history.events, rng);
      const events = new SqliteEventStore({ file: join(tempDir(), 'events.sqlite3'), sparsePositions: SPARSE });
      try {
        await appendInOrder(events, order);
        // Positions differ between orders by construction; everything else must not.
        const built = await cleanRebuild(events, { batchSize: rng.int(1, 200), strip: POSITION_FIELDS });
        reference ??= built;
        const differing = differingProjections(built, reference);
        if (differing.length) mismatches.push(`order ${k}: ${differing.join(', ')}`);
        hashes.push(combinedHash(built));
      } finally {
        await events.close();
      }
    }
    const line = report('reordering', {
      seed: SEED,
      events: history.events.length,
      refusedCommandsLeftOut: history.refused,
      orders: INTERLEAVINGS + 1,
      distinctHashes: new Set(hashes).size,
      hash: hashes[0],
    });
    expect({ line, mismatches }).toEqual({ line, mismatches: [] });
  }, scaled(120_000, 6 * 3_600_000));
});
