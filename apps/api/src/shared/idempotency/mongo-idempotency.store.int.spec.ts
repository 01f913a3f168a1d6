import { MongoIdempotencyStore } from './mongo-idempotency.store';
import { idempotencyStoreContract } from './testing/idempotency-store.contract';

const url = process.env.MONGODB_URL;

// Without a server these tests are reported as skipped, with the reason in their name; never as passed.
(url ? describe : describe.skip)(url ? 'MongoDB idempotency store' : 'MongoDB idempotency store (skipped: MONGODB_URL not set)', () => {
  idempotencyStoreContract(() => MongoIdempotencyStore.connect(url!, 24));
});
