import { Collection, MongoClient, MongoServerError } from 'mongodb';
import { IdempotencyStore, Reservation } from './idempotency.store';

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

/** Production idempotency records, shared by every API instance; a TTL index forgets old ones. */
export class MongoIdempotencyStore implements IdempotencyStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly records: Collection<Doc>,
  ) {}

  static async connect(url: string, ttlHours: number): Promise<MongoIdempotencyStore> {
    const client = await new MongoClient(url, { serverSelectionTimeoutMS: 5_000 }).connect();
    const records = client.db().collection<Doc>('idempotency_keys');
    await records.createIndex({ createdAtDate: 1 }, { expireAfterSeconds: ttlHours * 3600 });
    await records.createIndex({ stream: 1 }, { sparse: true });
    return new MongoIdempotencyStore(client, records);
  }

  async reserve(scope: string, key: string, fingerprint: string, now: string): Promise<Reservation> {
    try {
      await this.records.insertOne({ _id: { scope, key }, fingerprint, response: null, createdAt: now, createdAtDate: new Date(now) });
      return { reserved: true };
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    const doc = await this.records.findOne({ _id: { scope, key } });
    if (!doc) return this.reserve(scope, key, fingerprint, now);
    return { reserved: false, record: { fingerprint: doc.fingerprint, response: doc.response, createdAt: doc.createdAt } };
  }

  async complete(scope: string, key: string, response: { status: number; body: unknown }, stream?: string): Promise<void> {
    await this.records.updateOne({ _id: { scope, key } }, { $set: { response, ...(stream !== undefined && { stream }) } });
  }

  async release(scope: string, key: string): Promise<void> {
    await this.records.deleteOne({ _id: { scope, key } });
  }

  async purge(before: string): Promise<number> {
    return (await this.records.deleteMany({ createdAtDate: { $lt: new Date(before) } })).deletedCount;
  }

  async forgetStreams(streams: readonly string[]): Promise<number> {
    if (streams.length === 0) return 0;
    return (await this.records.deleteMany({ stream: { $in: [...streams] } })).deletedCount;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
