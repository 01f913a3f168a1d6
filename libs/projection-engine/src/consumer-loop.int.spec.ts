import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@app/domain/shared';
import { ReadAllOptions, SqliteEventStore, SubscribeOptions, Subscription } from '@app/event-store';
import { ConsumerLoop, ConsumerSource } from './consumer-loop';

const event = (type: string) => ({ type, version: 1, data: {}, metadata: { eventId: randomUUID(), occurredAt: '2026-01-01T00:00:00Z', recordedAt: '2026-01-01T00:00:00Z', actor: 't', correlationId: 'c', causationId: null } });

describe('ConsumerLoop retries', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'l2c-loop-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite3') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits the shortest backoff again once a batch has gone through, however long the failures before it lasted', async () => {
    let handled = 0;
    let failuresLeft = 7;
    const failedAt: number[] = [];
    const handledAt: number[] = [];
    const loop = new ConsumerLoop(store, {
      batchSize: 10,
      minBackoffMs: 10,
      maxBackoffMs: 5_000,
      from: async () => handled,
      handle: async (batch: readonly RecordedEvent[]) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          failedAt.push(Date.now());
          throw new Error('store down');
        }
        handled = batch[batch.length - 1].position;
        handledAt.push(Date.now());
      },
    });
    const a = await store.append('s', [event('A')], 'any');
    loop.start();
    // Seven failures in a row: the wait has grown to 640 ms (10 · 2⁶) before A goes through.
    const deadline = Date.now() + 10_000;
    while (handled < a.position && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(handled).toBe(a.position);

    // A new incident, after recovery: one failure, retried after ~10 ms, not after 1.3 s or more.
    failuresLeft = 1;
    const b = await store.append('s', [event('B')], 'any');
    while (handled < b.position && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    expect(handled).toBe(b.position);
    expect(handledAt[1] - failedAt[7]).toBeLessThan(400);
  });
});

/**
 * The real log, read as over a network: every `pageSize` events the subscription waits `delayMs`
 * before handing out the next one (the next page is on its way).
 */
class SlowPages implements ConsumerSource {
  constructor(
    private readonly store: SqliteEventStore,
    private readonly pageSize: number,
    private readonly delayMs: number,
  ) {}

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  subscribe(options?: SubscribeOptions): Subscription {
    const inner = this.store.subscribe(options);
    const { pageSize, delayMs } = this;
    async function* paged(): AsyncGenerator<RecordedEvent> {
      let handed = 0;
      for await (const event of inner) {
        if (handed++ % pageSize === 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        yield event;
      }
    }
    const iterator = paged();
    return {
      get scannedTo() {
        return inner.scannedTo;
      },
      close: () => inner.close(),
      [Symbol.asyncIterator]: () => iterator,
    };
  }
}

describe('ConsumerLoop idle', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'l2c-loop-'));
    // Positions far apart: nothing here may take them for a count.
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite3'), sparsePositions: true });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('over a store that takes a few ms per page, is not idle (nor live) between pages, only once it has read up to the head', async () => {
    for (let i = 0; i < 6; i++) await Promise.all(Array.from({ length: 100 }, () => store.append('s', [event('A')], 'any')));
    await store.append('other', [event('Skipped')], 'any');
    const head = await store.headPosition();
    let handledTo = 0;
    const flushedAt: number[] = [];
    const idleAt: number[] = [];
    const liveAt: number[] = [];
    const loop = new ConsumerLoop(new SlowPages(store, 50, 5), {
      types: ['A'],
      batchSize: 1_000,
      from: async () => 0,
      handle: async (batch: readonly RecordedEvent[]) => {
        handledTo = batch[batch.length - 1].position;
        return 0; // held back: made durable by flush
      },
      flush: async () => {
        flushedAt.push(handledTo);
        return handledTo;
      },
    });
    loop.onProgress(() => {
      if (loop.isIdle) idleAt.push(handledTo);
      if (loop.state === 'live') liveAt.push(handledTo);
    });
    loop.start();
    const deadline = Date.now() + 10_000;
    while (!loop.isIdle && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    const [lastA] = await store.readAll({ after: 0, types: ['A'] }).then((all) => all.slice(-1));
    expect(loop.isIdle).toBe(true);
    // Idle at the last A; the event of another type after it does not keep the loop from being idle, and it counts as reached.
    expect({ idleAt: [...new Set(idleAt)], liveAt: [...new Set(liveAt)], flushedAt }).toEqual({ idleAt: [lastA.position], liveAt: [lastA.position], flushedAt: [lastA.position] });
    expect(loop.reached).toBe(head);
    expect(loop.handledEvents).toBe(600);

    // Live again after a new event, idle at it.
    const next = await store.append('s', [event('A')], 'any');
    while (handledTo < next.position && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    while (!loop.isIdle && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    await loop.stop();
    expect(flushedAt).toEqual([lastA.position, next.position]);
  });
});
