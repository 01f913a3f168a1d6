import { IdempotencyStoreUnavailableError } from './idempotency.store';
import { MongoIdempotencyStore } from './mongo-idempotency.store';
import { idempotencyStoreContract } from './testing/idempotency-store.contract';

const url = process.env.MONGODB_URL;

// Without a server these tests are reported as skipped, with the reason in their name; never as passed.
(url ? describe : describe.skip)(url ? 'MongoDB idempotency store' : 'MongoDB idempotency store (skipped: MONGODB_URL not set)', () => {
  idempotencyStoreContract(() => MongoIdempotencyStore.connect(url!, 24));
});

// Runs without a server: nothing listens on port 1.
describe('MongoDB idempotency store, no server answering', () => {
  it('is unavailable (the API answers 503), not an unknown error', async () => {
    const error = await MongoIdempotencyStore.connect('mongodb://127.0.0.1:1/l2c', 24, { serverSelectionTimeoutMS: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdempotencyStoreUnavailableError);
  });
});

(url ? describe : describe.skip)(url ? 'MongoDB idempotency store, settings changed between starts' : 'MongoDB idempotency store, settings changed between starts (skipped: MONGODB_URL not set)', () => {
  it('starts again with another IDEMPOTENCY_TTL_HOURS and keeps records for the new age', async () => {
    await (await MongoIdempotencyStore.connect(url!, 24)).close();
    const store = await MongoIdempotencyStore.connect(url!, 48);
    await store.close();
    const { MongoClient } = await import('mongodb');
    const client = await new MongoClient(url!).connect();
    try {
      const ttl = (await client.db().collection('idempotency_keys').indexes()).find((index) => index.key.createdAtDate === 1);
      expect(ttl?.expireAfterSeconds).toBe(48 * 3600);
    } finally {
      await client.close();
    }
  });
});
