import { Collection, MongoClient, MongoNetworkError, MongoNotConnectedError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';
import { IdempotencyStore, IdempotencyStoreUnavailableError, Reservation } from './idempotency.store';

interface Doc {
  _id: { scope: string; key: string };
  fingerprint: string;
  response: { status: number; body: unknown } | null;
  createdAt: string;
  createdAtDate: Date;
  /** The stream the command wrote (see IdempotencyStore.complete); absent on older records. */
  stream?: string;
}

const DUPLICATE_KEY = 11000;
/** The server's answer to createIndex on an existing index with other options (another IDEMPOTENCY_TTL_HOURS). */
const INDEX_OPTIONS_CONFLICT = 85;

/** An unreachable server is the store being unavailable (503), like the embedded store's I/O failures. */
const unavailable = (error: unknown): unknown =>
  error instanceof MongoServerSelectionError || error instanceof MongoNetworkError || error instanceof MongoTopologyClosedError || error instanceof MongoNotConnectedError
    ? new IdempotencyStoreUnavailableError(`idempotency store (MongoDB) is unreachable: ${error.message.split('\n')[0]}`, error)
    : error;

const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    throw unavailable(error);
  }
};

/** Production idempotency records, shared by every API instance; a TTL index forgets old ones. */
export class MongoIdempotencyStore implements IdempotencyStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly records: Collection<Doc>,
  ) {}

  static async connect(url: string, ttlHours: number, options: { readonly serverSelectionTimeoutMS?: number } = {}): Promise<MongoIdempotencyStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000 });
    try {
      await guarded(() => client.connect());
      const records = client.db().collection<Doc>('idempotency_keys');
      await guarded(() => MongoIdempotencyStore.expireAfter(client, records, ttlHours * 3600));
      await guarded(() => records.createIndex({ stream: 1 }, { sparse: true }));
      return new MongoIdempotencyStore(client, records);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /**
   * The TTL index, at the configured age. A restart with another IDEMPOTENCY_TTL_HOURS finds the index
   * with the old age: createIndex refuses to change it, collMod changes it in place.
   */
  private static async expireAfter(client: MongoClient, records: Collection<Doc>, seconds: number): Promise<void> {
    try {
      await records.createIndex({ createdAtDate: 1 }, { expireAfterSeconds: seconds });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === INDEX_OPTIONS_CONFLICT)) throw error;
      await client.db().command({ collMod: records.collectionName, index: { keyPattern: { createdAtDate: 1 }, expireAfterSeconds: seconds } });
    }
  }

  reserve(scope: string, key: string, fingerprint: string, now: string): Promise<Reservation> {
    return guarded(() => this.reserveOnce(scope, key, fingerprint, now));
  }

  private async reserveOnce(scope: string, key: string, fingerprint: string, now: string): Promise<Reservation> {
    try {
      await this.records.insertOne({ _id: { scope, key }, fingerprint, response: null, createdAt: now, createdAtDate: new Date(now) });
      return { reserved: true };
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    const doc = await this.records.findOne({ _id: { scope, key } });
    if (!doc) return this.reserveOnce(scope, key, fingerprint, now);
    return { reserved: false, record: { fingerprint: doc.fingerprint, response: doc.response, createdAt: doc.createdAt } };
  }

  async complete(scope: string, key: string, response: { status: number; body: unknown }, stream?: string): Promise<void> {
    await guarded(() => this.records.updateOne({ _id: { scope, key } }, { $set: { response, ...(stream !== undefined && { stream }) } }));
  }

  async release(scope: string, key: string): Promise<void> {
    await guarded(() => this.records.deleteOne({ _id: { scope, key } }));
  }

  async purge(before: string): Promise<number> {
    return (await guarded(() => this.records.deleteMany({ createdAtDate: { $lt: new Date(before) } }))).deletedCount;
  }

  async forgetStreams(streams: readonly string[]): Promise<number> {
    if (streams.length === 0) return 0;
    return (await guarded(() => this.records.deleteMany({ stream: { $in: [...streams] } }))).deletedCount;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
