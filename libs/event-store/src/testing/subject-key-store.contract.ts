import { randomUUID } from 'node:crypto';
import { SubjectKeyStore } from '../personal-data/subject-key-store.port';

/**
 * The one behaviour both subject-key stores must have. Subject ids and lookups are random per test,
 * so the suite can share a server.
 */
export function subjectKeyStoreContract(name: string, create: () => Promise<{ store: SubjectKeyStore; cleanup(): Promise<void> }>): void {
  describe(`${name}: subject key store contract`, () => {
    let store: SubjectKeyStore;
    let cleanup: () => Promise<void>;
    const subject = () => `s-${randomUUID()}`;
    const lookup = () => randomUUID().replace(/-/g, '');

    beforeAll(async () => {
      ({ store, cleanup } = await create());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('creates a 32-byte key on first use and gives the same key afterwards, also to concurrent first uses', async () => {
      const id = subject();
      const keys = await Promise.all([1, 2, 3].map((i) => store.keyFor(id, { streamId: `lead-${i}`, lookups: [] })));
      expect(keys[0]).toBeInstanceOf(Buffer);
      expect(keys[0]).toHaveLength(32);
      expect(keys.every((k) => k!.equals(keys[0]!))).toBe(true);
      expect((await store.keyFor(id, { streamId: 'lead-1', lookups: [] }))!.equals(keys[0]!)).toBe(true);
      const other = await store.keyFor(subject(), { streamId: 'lead-9', lookups: [] });
      expect(other!.equals(keys[0]!)).toBe(false);
    });

    it('reads keys of many subjects at once: absent when never seen', async () => {
      const [a, b, unseen] = [subject(), subject(), subject()];
      const keyA = await store.keyFor(a, { streamId: `lead-${a}`, lookups: [] });
      const keyB = await store.keyFor(b, { streamId: `lead-${b}`, lookups: [] });
      const found = await store.keysOf([a, b, unseen, a]);
      expect([...found.keys()].sort()).toEqual([a, b].sort());
      expect(found.get(a)!.equals(keyA!)).toBe(true);
      expect(found.get(b)!.equals(keyB!)).toBe(true);
      expect((await store.keysOf([])).size).toBe(0);
    });

    it('finds subjects by the keyed hashes recorded for them', async () => {
      const [a, b] = [subject(), subject()];
      const [shared, onlyA] = [lookup(), lookup()];
      await store.keyFor(a, { streamId: `lead-${a}`, lookups: [shared, onlyA] });
      await store.keyFor(b, { streamId: `customer-${b}`, lookups: [shared] });
      await store.keyFor(a, { streamId: `customer-${a}`, lookups: [onlyA] });
      expect((await store.subjectsByLookup(shared)).sort()).toEqual([a, b].sort());
      expect(await store.subjectsByLookup(onlyA)).toEqual([a]);
      expect(await store.subjectsByLookup(lookup())).toEqual([]);
    });

    it('erasure deletes the key and the lookups, keeps when and which streams, and is final', async () => {
      const id = subject();
      const phone = lookup();
      await store.keyFor(id, { streamId: `lead-${id}`, lookups: [phone] });
      await store.keyFor(id, { streamId: `complaint-c-${id}`, lookups: [] });
      await store.keyFor(id, { streamId: `lead-${id}`, lookups: [] });

      const erased = await store.erase(id, '2025-06-01T09:00:00.000Z');
      expect(erased).toEqual({ status: 'erased', erasedAt: '2025-06-01T09:00:00.000Z', streams: [`complaint-c-${id}`, `lead-${id}`] });
      expect((await store.keysOf([id])).get(id)).toBeNull();
      expect(await store.subjectsByLookup(phone)).toEqual([]);

      // Never a key again, nor lookups: later data of the subject is recorded already erased.
      expect(await store.keyFor(id, { streamId: `customer-${id}`, lookups: [phone] })).toBeNull();
      expect(await store.subjectsByLookup(phone)).toEqual([]);
      expect((await store.keysOf([id])).get(id)).toBeNull();

      expect(await store.erase(id, '2025-07-01T00:00:00.000Z')).toEqual({ status: 'already_erased', erasedAt: '2025-06-01T09:00:00.000Z', streams: [`complaint-c-${id}`, `lead-${id}`] });
    });

    it('erasing a subject never seen finds nothing and creates nothing', async () => {
      const id = subject();
      expect(await store.erase(id, '2025-06-01T09:00:00.000Z')).toEqual({ status: 'unknown' });
      expect((await store.keysOf([id])).has(id)).toBe(false);
      expect(await store.keyFor(id, { streamId: `lead-${id}`, lookups: [] })).toBeInstanceOf(Buffer);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
