import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@app/domain/shared';
import { SqliteEventStore } from '@app/event-store';
import { ConsumerLoop } from './consumer-loop';

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
    await store.append('s', [event('A')], 'any');
    loop.start();
    // Seven failures in a row: the wait has grown to 640 ms (10 · 2⁶) before A goes through.
    const deadline = Date.now() + 10_000;
    while (handled < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(handled).toBe(1);

    // A new incident, after recovery: one failure, retried after ~10 ms, not after 1.3 s or more.
    failuresLeft = 1;
    await store.append('s', [event('B')], 'any');
    while (handled < 2 && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    expect(handled).toBe(2);
    expect(handledAt[1] - failedAt[7]).toBeLessThan(400);
  });
});
