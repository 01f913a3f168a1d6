import { randomUUID } from 'node:crypto';
import { IdempotencyStore } from '../idempotency.store';

/** The one contract every idempotency store meets: embedded SQLite always, MongoDB when configured. */
export const idempotencyStoreContract = (create: () => Promise<IdempotencyStore>): void => {
  let store: IdempotencyStore;
  beforeAll(async () => (store = await create()));
  afterAll(() => store.close());

  const key = () => `key-${randomUUID()}`;
  const now = '2026-11-20T10:00:00.000Z';

  it('reserves a new key once; the second reservation sees the pending record', async () => {
    const k = key();
    expect(await store.reserve('rep-1', k, 'fp-1', now)).toEqual({ reserved: true });
    expect(await store.reserve('rep-1', k, 'fp-1', now)).toEqual({ reserved: false, record: { fingerprint: 'fp-1', response: null, createdAt: now } });
  });

  it('keeps keys apart per scope', async () => {
    const k = key();
    expect(await store.reserve('rep-1', k, 'fp', now)).toEqual({ reserved: true });
    expect(await store.reserve('rep-2', k, 'fp', now)).toEqual({ reserved: true });
  });

  it('returns the completed response to later reservations', async () => {
    const k = key();
    await store.reserve('rep-1', k, 'fp-1', now);
    await store.complete('rep-1', k, { status: 201, body: { id: 'a', revision: 0, position: 7 } });
    expect(await store.reserve('rep-1', k, 'fp-2', now)).toEqual({
      reserved: false,
      record: { fingerprint: 'fp-1', response: { status: 201, body: { id: 'a', revision: 0, position: 7 } }, createdAt: now },
    });
  });

  it('forgets a released key', async () => {
    const k = key();
    await store.reserve('rep-1', k, 'fp-1', now);
    await store.release('rep-1', k);
    expect(await store.reserve('rep-1', k, 'fp-2', now)).toEqual({ reserved: true });
  });

  it('of many concurrent reservations of one key, exactly one wins', async () => {
    const k = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.reserve('rep-1', k, 'fp', now)));
    expect(results.filter((r) => r.reserved)).toHaveLength(1);
  });

  it('purges records created before a time', async () => {
    const old = key();
    const fresh = key();
    await store.reserve('rep-1', old, 'fp', '2020-01-01T00:00:00.000Z');
    await store.reserve('rep-1', fresh, 'fp', now);
    expect(await store.purge('2021-01-01T00:00:00.000Z')).toBeGreaterThanOrEqual(1);
    expect(await store.reserve('rep-1', old, 'fp', now)).toEqual({ reserved: true });
    expect((await store.reserve('rep-1', fresh, 'fp', now)).reserved).toBe(false);
  });

  it('forgets the answers about erased streams, and only those', async () => {
    const [a1, a2, b, none] = [key(), key(), key(), key()];
    const streamA = `lead-${randomUUID()}`;
    const streamB = `customer-${randomUUID()}`;
    for (const k of [a1, a2, b, none]) await store.reserve('rep-1', k, 'fp', now);
    await store.complete('rep-1', a1, { status: 201, body: { id: 'a' } }, streamA);
    await store.complete('rep-1', a2, { status: 200, body: { id: 'a' } }, streamA);
    await store.complete('rep-1', b, { status: 201, body: { id: 'b' } }, streamB);
    await store.complete('rep-1', none, { status: 201, body: { id: 'x' } });
    expect(await store.forgetStreams([streamA, `complaint-${randomUUID()}`])).toBe(2);
    expect(await store.reserve('rep-1', a1, 'fp', now)).toEqual({ reserved: true });
    expect(await store.reserve('rep-1', a2, 'fp', now)).toEqual({ reserved: true });
    expect((await store.reserve('rep-1', b, 'fp', now)).reserved).toBe(false);
    expect((await store.reserve('rep-1', none, 'fp', now)).reserved).toBe(false);
    expect(await store.forgetStreams([])).toBe(0);
  });
};
