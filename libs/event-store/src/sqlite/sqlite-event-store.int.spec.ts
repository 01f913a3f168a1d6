import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreUnavailableError, IdempotencyMismatchError, WrongExpectedRevisionError } from '../event-store.errors';
import { RecordedEvent } from '@app/domain/shared';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { SqliteEventStore, toUnavailable } from './sqlite-event-store';

const tempDirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  tempDirs.push(dir);
  return join(dir, 'events.sqlite3');
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

eventStoreContract('SQLite adapter', async () => {
  const store = new SqliteEventStore({ file: tempFile() });
  return { store, cleanup: () => store.close() };
});

// The same contract with positions far apart and irregular, as EventStoreDB's byte offsets are.
eventStoreContract('SQLite adapter, sparse positions', async () => {
  const store = new SqliteEventStore({ file: tempFile(), sparsePositions: true });
  return { store, cleanup: () => store.close() };
});

describe('SQLite adapter with sparse positions (test only)', () => {
  it('leaves large irregular gaps between positions, and keeps them for every later opener of the file', async () => {
    const file = tempFile();
    const sparse = new SqliteEventStore({ file, sparsePositions: true });
    for (let i = 0; i < 20; i++) await sparse.append('s', [newEvent('A'), newEvent('B')], 'any');
    const first = (await sparse.readAll()).map((e) => e.position);
    await sparse.close();
    const gaps = new Set(first.slice(1).map((p, i) => p - first[i]));
    expect(gaps.size).toBeGreaterThan(20);
    expect(Math.min(...gaps)).toBeGreaterThan(0);
    expect(Math.max(...gaps)).toBeGreaterThan(1_000);

    // Opened again without the setting (another process, a restart): the same positions, and still gaps.
    const reopened = new SqliteEventStore({ file });
    try {
      expect((await reopened.readAll()).map((e) => e.position)).toEqual(first);
      const next = await reopened.append('s', [newEvent('C')], 'any');
      expect(next.position - first[first.length - 1]).not.toBe(1);
      expect(await reopened.countEvents()).toBe(41);
    } finally {
      await reopened.close();
    }
  });
});

describe('SQLite adapter specifics', () => {
  let file: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    file = tempFile();
    store = new SqliteEventStore({ file });
  });
  afterEach(async () => {
    await store.close();
  });

  it('opens the log in WAL mode with synchronous=FULL by default, NORMAL on request', async () => {
    expect(store.pragma('journal_mode')).toBe('wal');
    expect(store.pragma('synchronous')).toBe(2); // FULL
    expect(store.pragma('busy_timeout')).toBeGreaterThan(0);
    expect(store.pragma('user_version')).toBe(1);

    const normal = new SqliteEventStore({ file: tempFile(), synchronous: 'NORMAL' });
    expect(normal.pragma('synchronous')).toBe(1);
    await normal.close();
  });

  it('a filtered subscription reports how far it scanned, past the events it skips', async () => {
    const subscription = store.subscribe({ types: ['Wanted'] });
    const received: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const event of subscription) received.push(event);
    })();
    const wanted = await store.append('s-1', [newEvent('Wanted')], 'no_stream');
    const skipped = await store.append('s-2', [newEvent('Other'), newEvent('Other')], 'no_stream');
    const deadline = Date.now() + 5_000;
    while (subscription.scannedTo < skipped.position && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received.map((e) => e.position)).toEqual([wanted.position]);
    expect(subscription.scannedTo).toBe(skipped.position);
    await subscription.close();
    await consuming;
  });

  it('passes over local commits a filter has no use for without reading the file, and misses nothing', async () => {
    const other = new SqliteEventStore({ file });
    const subscription = store.subscribe({ types: ['Wanted'], streamPrefix: 'lead-' });
    const received: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const event of subscription) received.push(event);
    })();
    const settle = async (position: number) => {
      const deadline = Date.now() + 5_000;
      while (subscription.scannedTo < position && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    };
    await settle(0);
    const reads = jest.spyOn(store, 'readPage');

    // Ten commits of nothing wanted: a wanted type elsewhere, an unwanted type in the stream.
    let last = 0;
    for (let i = 0; i < 10; i++) {
      last = (await store.append(i % 2 ? `customer-${i}` : `lead-${i}`, [newEvent(i % 2 ? 'Wanted' : 'Other')], 'no_stream')).position;
      await settle(last);
    }
    expect(reads).not.toHaveBeenCalled();
    expect(subscription.scannedTo).toBe(last);

    // Another process's event is not known here; a batch where one append is refused and rolled back;
    // a multi-event append with a match in the middle.
    const theirs = await other.append('lead-cli', [newEvent('Wanted')], 'no_stream');
    await settle(theirs.position);
    const [refused, mixed] = await Promise.allSettled([
      store.append('lead-10', [newEvent('Wanted'), newEvent('Wanted')], 5),
      store.append('lead-11', [newEvent('Other'), newEvent('Wanted'), newEvent('Other')], 'no_stream'),
    ]);
    expect(refused.status).toBe('rejected');
    const end = (mixed as PromiseFulfilledResult<{ position: number }>).value.position;
    await settle(end);
    await subscription.close();
    await consuming;
    await other.close();

    expect(received.map((e) => [e.streamId, e.position])).toEqual([
      ['lead-cli', theirs.position],
      ['lead-11', end - 1],
    ]);
    expect(reads).toHaveBeenCalled();
  });

  it('reads what another process wrote between two local commits it could pass over', async () => {
    const other = new SqliteEventStore({ file });
    const subscription = store.subscribe({ types: ['Wanted'] });
    const received: RecordedEvent[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const consuming = (async () => {
      for await (const event of subscription) {
        received.push(event);
        if (received.length === 1) await gate; // busy: the local commits below pile up unseen
      }
    })();
    const first = await store.append('s-0', [newEvent('Wanted')], 'no_stream');
    while (received.length === 0) await new Promise((r) => setTimeout(r, 5));
    await store.append('s-1', [newEvent('Other')], 'no_stream');
    const theirs = await other.append('s-2', [newEvent('Wanted')], 'no_stream');
    const after = await store.append('s-3', [newEvent('Other')], 'no_stream');
    release();
    const deadline = Date.now() + 5_000;
    while (subscription.scannedTo < after.position && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await subscription.close();
    await consuming;
    await other.close();

    expect(received.map((e) => e.position)).toEqual([first.position, theirs.position]);
  });

  it('keeps events across close and reopen, and continues positions and revisions', async () => {
    const first = await store.append('lead-1', [newEvent('LeadCaptured', { name: 'Ann' }), newEvent('LeadQualified')], 'no_stream');
    const before = await store.readAll();
    await store.close();

    store = new SqliteEventStore({ file });
    expect(await store.readAll()).toEqual(before);
    expect(await store.headPosition()).toBe(first.position);
    const next = await store.append('lead-1', [newEvent('LeadWon')], 1);
    expect(next).toEqual({ revision: 2, position: first.position + 1 });
  });

  it('starts positions at 1 and reports head 0 for an empty log', async () => {
    expect(await store.headPosition()).toBe(0);
    await expect(store.append('s-1', [newEvent('A')], 'no_stream')).resolves.toEqual({ revision: 0, position: 1 });
  });

  it('commits appends arriving in the same turn in one transaction (group commit)', async () => {
    const before = store.stats();
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => store.append(`group-${i}`, [newEvent('A')], 'no_stream')),
    );
    const after = store.stats();

    expect(results.map((r) => r.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    expect(after.appends - before.appends).toBe(64);
    // All 64 were queued before the flush ran: one transaction, one fsync.
    expect(after.transactions - before.transactions).toBe(1);
  });

  it('in one batch, a refused append does not fail the others, and later appends see earlier ones', async () => {
    await store.append('taken', [newEvent('A')], 'no_stream');
    const before = store.stats().transactions;
    const outcomes = await Promise.allSettled([
      store.append('fresh', [newEvent('A')], 'no_stream'),
      store.append('taken', [newEvent('B')], 'no_stream'), // conflict
      store.append('fresh', [newEvent('B')], 0), // sees the first append of this batch
      store.append('fresh', [newEvent('C')], 0), // conflict: revision 1 now
      store.append('other', [newEvent('A'), newEvent('B')], 'no_stream'),
    ]);

    expect(store.stats().transactions - before).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ actual: 1 });
    expect((await store.readStream('fresh')).map((e) => e.type)).toEqual(['A', 'B']);
    expect((await store.readStream('taken')).map((e) => e.type)).toEqual(['A']);
    expect(await store.readStream('other')).toHaveLength(2);
  });

  it('rolls back only the refused multi-event append of a batch', async () => {
    const existing = newEvent('A');
    await store.append('owner', [existing], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('mixed', [newEvent('X'), existing], 'no_stream'), // second id lives in another stream
      store.append('clean', [newEvent('Y'), newEvent('Z')], 'no_stream'),
    ]);

    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyMismatchError);
    expect(outcomes[1].status).toBe('fulfilled');
    expect(await store.readStream('mixed')).toEqual([]);
    expect((await store.readStream('clean')).map((e) => e.type)).toEqual(['Y', 'Z']);
  });

  it('refuses an event id that already exists in another stream', async () => {
    const event = newEvent('A');
    await store.append('one', [event], 'no_stream');
    await expect(store.append('two', [event], 'no_stream')).rejects.toBeInstanceOf(IdempotencyMismatchError);
    expect(await store.readStream('two')).toEqual([]);
  });

  it('answers a retry with the original result whatever the expected revision', async () => {
    const events = [newEvent('A'), newEvent('B')];
    const original = await store.append('retry', events, 'any');
    await store.append('retry', [newEvent('C')], 'any');

    await expect(store.append('retry', events, 'any')).resolves.toEqual(original);
    await expect(store.append('retry', events, 7)).resolves.toEqual(original);
    // The same ids in a different order are not the same append.
    await expect(store.append('retry', [events[1], events[0]], 'any')).rejects.toBeInstanceOf(IdempotencyMismatchError);
    expect(await store.readStream('retry')).toHaveLength(3);
  });

  it('rejects malformed appends before queueing them', async () => {
    const event = newEvent('A');
    await expect(store.append('s', [], 'any')).rejects.toThrow('no events');
    await expect(store.append('s', [event, event], 'any')).rejects.toThrow('duplicate event ids');
    await expect(store.append('s', [{ ...event, data: { n: BigInt(1) } }], 'any')).rejects.toThrow(/BigInt/);
    expect(await store.headPosition()).toBe(0);
  });

  it('follows events appended by another process on the same file (polling)', async () => {
    const other = new SqliteEventStore({ file });
    const subscription = store.subscribe({ after: 0 });
    const received: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const event of subscription) received.push(event);
    })();

    await other.append('cli-1', [newEvent('Imported')], 'no_stream');
    const deadline = Date.now() + 3000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await subscription.close();
    await consuming;
    await other.close();

    expect(received.map((e) => e.streamId)).toEqual(['cli-1']);
  });

  it('pages a long catch-up and ends subscriptions when the store closes', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => store.append(`bulk-${i}`, [newEvent('A', { i })], 'no_stream'));
    await Promise.all(many);
    const subscription = store.subscribe();
    const positions: number[] = [];
    const consuming = (async () => {
      for await (const event of subscription) positions.push(event.position);
    })();
    while (positions.length < 1200) await new Promise((r) => setTimeout(r, 10));
    await store.close();
    await consuming;

    expect(positions).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    await expect(store.append('late', [newEvent('A')], 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readStream('bulk-1')).rejects.toThrow('event store is closed');
  });

  it('maps SQLite failures to EventStoreUnavailableError with a plain message', () => {
    const full = toUnavailable(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'), '/data/events.sqlite3');
    expect(full).toBeInstanceOf(EventStoreUnavailableError);
    expect(full.message).toMatch(/^event log disk is full \[SQLITE_FULL\] \(\/data\/events.sqlite3\)$/);
    expect(full).toMatchObject({ reason: 'disk_full' });
    expect(toUnavailable(new Database.SqliteError('busy', 'SQLITE_BUSY'), '')).toMatchObject({ reason: undefined });
    expect(toUnavailable(new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'), '').message).toMatch(/I\/O error/);
    expect(toUnavailable(new Database.SqliteError('readonly', 'SQLITE_READONLY'), '').message).toMatch(/read-only/);
  });

  it('reports a file it cannot open as EventStoreUnavailableError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
    tempDirs.push(dir);
    expect(() => new SqliteEventStore({ file: join(dir, 'missing-dir', 'events.sqlite3') })).toThrow(
      expect.objectContaining({ name: 'EventStoreUnavailableError', message: expect.stringMatching(/cannot be opened/) }),
    );
    const notADb = join(dir, 'garbage.sqlite3');
    writeFileSync(notADb, 'this is not a database file, just text that is long enough to have a header'.repeat(10));
    expect(() => new SqliteEventStore({ file: notADb })).toThrow(EventStoreUnavailableError);
  });
});
