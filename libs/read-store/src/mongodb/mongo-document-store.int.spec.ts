import { documentStoreContract } from '../testing/document-store.contract';
import { MongoDocumentStore } from './mongo-document-store';

const url = process.env.MONGODB_URL;
// Without a server this suite must show up as skipped (with the reason), never as passed.
const d = url ? describe : describe.skip;

d(url ? 'MongoDB document store' : 'MongoDB document store (skipped: MONGODB_URL not set)', () => {
  documentStoreContract('MongoDB adapter', async () => {
    const store = await MongoDocumentStore.connect(url ?? '');
    return { store, cleanup: () => store.close() };
  });
});

describe('MongoDB document store without a server', () => {
  it('fails to connect with ReadStoreUnavailableError', async () => {
    await expect(MongoDocumentStore.connect('mongodb://127.0.0.1:9/read', { serverSelectionTimeoutMS: 200 })).rejects.toThrow(
      expect.objectContaining({ name: 'ReadStoreUnavailableError', message: expect.stringMatching(/^read store \(MongoDB\) is unreachable: /) }),
    );
  });
});
