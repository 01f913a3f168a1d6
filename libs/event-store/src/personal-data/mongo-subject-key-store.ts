import { Binary, Collection, MongoClient, MongoNetworkError, MongoNotConnectedError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { EventStoreUnavailableError } from '../event-store.errors';
import { newDataKey } from './personal-data-cipher';
import { SubjectErasure, SubjectKeyStore, SubjectUse } from './subject-key-store.port';

export const MONGO_SUBJECT_KEYS_COLLECTION = 'subject_keys';

/** One document per subject; `key` and `lookups` are removed by erasure, `erasedAt` stays. */
interface SubjectDoc {
  _id: string;
  key?: Binary;
  streams: string[];
  lookups?: string[];
  createdAt: string;
  erasedAt?: string;
}

const DUPLICATE_KEY = 11000;

/** Production subject keys: a MongoDB collection shared by every API instance, never the event log. */
export class MongoSubjectKeyStore implements SubjectKeyStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly subjects: Collection<SubjectDoc>,
  ) {}

  /** `collection`: tests use one of their own. */
  static async connect(url: string, options: { readonly collection?: string; readonly serverSelectionTimeoutMS?: number } = {}): Promise<MongoSubjectKeyStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000 });
    try {
      await client.connect();
      const subjects = client.db().collection<SubjectDoc>(options.collection ?? MONGO_SUBJECT_KEYS_COLLECTION);
      await subjects.createIndex({ lookups: 1 });
      return new MongoSubjectKeyStore(client, subjects);
    } catch (error) {
      await client.close();
      throw unavailable(error);
    }
  }

  async keyFor(subjectId: string, use: SubjectUse): Promise<Buffer | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Matches only a subject not erased: for an erased one the upsert collides with its _id (below).
        const doc = await this.subjects.findOneAndUpdate(
          { _id: subjectId, erasedAt: { $exists: false } },
          {
            $setOnInsert: { key: new Binary(newDataKey()), createdAt: new Date().toISOString() },
            $addToSet: { streams: use.streamId, lookups: { $each: [...use.lookups] } },
          },
          { upsert: true, returnDocument: 'after' },
        );
        return doc?.key ? keyBytes(doc.key) : null;
      } catch (error) {
        // Erased (its _id exists but does not match), or created by a concurrent first use: look again.
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY) || attempt >= 2) throw unavailable(error);
        const existing = await this.guard(() => this.subjects.findOne({ _id: subjectId }, { projection: { erasedAt: 1 } }));
        if (existing?.erasedAt) return null;
      }
    }
  }

  async keysOf(subjectIds: readonly string[]): Promise<Map<string, Buffer | null>> {
    const docs = await this.guard(() => this.subjects.find({ _id: { $in: [...new Set(subjectIds)] } }, { projection: { key: 1, erasedAt: 1 } }).toArray());
    return new Map(docs.map((doc) => [doc._id, doc.erasedAt || !doc.key ? null : keyBytes(doc.key)]));
  }

  async subjectsByLookup(lookup: string): Promise<string[]> {
    const docs = await this.guard(() => this.subjects.find({ lookups: lookup }, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray());
    return docs.map((doc) => doc._id);
  }

  async erase(subjectId: string, erasedAt: string): Promise<SubjectErasure> {
    const erased = await this.guard(() =>
      this.subjects.findOneAndUpdate({ _id: subjectId, erasedAt: { $exists: false } }, { $unset: { key: '', lookups: '' }, $set: { erasedAt } }, { returnDocument: 'after' }),
    );
    if (erased) return { status: 'erased', erasedAt, streams: [...erased.streams].sort() };
    const earlier = await this.guard(() => this.subjects.findOne({ _id: subjectId }));
    return earlier?.erasedAt ? { status: 'already_erased', erasedAt: earlier.erasedAt, streams: [...earlier.streams].sort() } : { status: 'unknown' };
  }

  async ping(): Promise<void> {
    await this.guard(() => this.client.db().command({ ping: 1 }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Tests only: removes the collection (the driver answers false, not an error, when there is none). */
  async drop(): Promise<void> {
    await this.subjects.drop();
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

const keyBytes = (binary: Binary): Buffer => Buffer.from(binary.buffer.subarray(0, binary.position));

const unavailable = (error: unknown): unknown =>
  error instanceof MongoServerSelectionError || error instanceof MongoNetworkError || error instanceof MongoTopologyClosedError || error instanceof MongoNotConnectedError
    ? new EventStoreUnavailableError(`subject key store (MongoDB) is unreachable: ${error.message.split('\n')[0]}`, error)
    : error;
