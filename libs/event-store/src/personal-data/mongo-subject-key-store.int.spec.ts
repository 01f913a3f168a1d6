import { randomUUID } from 'node:crypto';
import { subjectKeyStoreContract } from '../testing/subject-key-store.contract';
import { MongoSubjectKeyStore } from './mongo-subject-key-store';

const url = process.env.MONGODB_URL;

// Without a server this suite must show up as skipped (with the reason), never as passed.
(url ? describe : describe.skip)(url ? 'MongoDB subject key store' : 'MongoDB subject key store (skipped: MONGODB_URL not set)', () => {
  subjectKeyStoreContract('MongoDB adapter', async () => {
    const store = await MongoSubjectKeyStore.connect(url ?? '', { collection: `subject_keys_test_${randomUUID().slice(0, 8)}` });
    return {
      store,
      cleanup: async () => {
        await store.drop();
        await store.close();
      },
    };
  });
});

describe('MongoDB subject key store without a server', () => {
  it('fails to connect with EventStoreUnavailableError naming the key store', async () => {
    await expect(MongoSubjectKeyStore.connect('mongodb://127.0.0.1:9/keys', { serverSelectionTimeoutMS: 200 })).rejects.toThrow(
      expect.objectContaining({ name: 'EventStoreUnavailableError', message: expect.stringMatching(/^subject key store \(MongoDB\) is unreachable: /) }),
    );
  });
});
