import {
  AnyBulkWriteOperation,
  Collection,
  Db,
  Document as MongoDocument,
  Filter as MongoFilter,
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  Sort as MongoSort,
  WriteConcern,
} from 'mongodb';
import {
  Document,
  DocumentStore,
  DocumentWrite,
  Filter,
  FindOptions,
  IndexSpec,
  InvalidQueryError,
  Page,
  ReadStoreUnavailableError,
  Scalar,
} from '../document-store.port';
import {
  Clause,
  encodeCursor,
  FindPlan,
  Segment,
  validateCollectionName,
  validateCommit,
  validateFieldPath,
  validateFilter,
  validateFindOptions,
} from '../filter';

const CHECKPOINTS = '_checkpoints';
const SCAN_BATCH = 500;
const NAMESPACE_EXISTS = 48;

/** Documents as stored: keyed by their string id, not an ObjectId. */
type Stored = { _id: string; [field: string]: unknown };

interface CheckpointDoc {
  _id: string;
  position: number;
}

/**
 * Production read store: one MongoDB collection per read-store collection, documents keyed by `_id`.
 * Needs a replica set (commit() is a multi-document transaction). The database is the one named in
 * the URL path (`mongodb://host/leads?replicaSet=rs0`), else `test`.
 */
export class MongoDocumentStore implements DocumentStore {
  private readonly checkpoints: Collection<CheckpointDoc>;
  /** Collections known to exist: created before a transaction writes to them (see ensureCollection). */
  private readonly existing = new Set<string>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.checkpoints = db.collection<CheckpointDoc>(CHECKPOINTS);
  }

  /** Connects (fails fast with ReadStoreUnavailableError when no server answers). A malformed URL throws the driver's parse error. */
  static async connect(url: string, options: { readonly serverSelectionTimeoutMS?: number } = {}): Promise<MongoDocumentStore> {
    // ignoreUndefined: an undefined field is absent, as in the JSON the embedded adapter stores.
    const client = new MongoClient(url, { ignoreUndefined: true, serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000 });
    try {
      await client.connect();
    } catch (error) {
      await client.close();
      throw toReadStoreError(error);
    }
    // Every batch is committed in a transaction, which a standalone server refuses: say so at start, not at every commit.
    const hello = await client.db('admin').command({ hello: 1 });
    if (typeof hello.setName !== 'string' && hello.msg !== 'isdbgrid') {
      await client.close();
      throw new Error('the server is a standalone MongoDB; the read models are written in transactions, which need a replica set (a single node will do: mongod --replSet rs0, then rs.initiate())');
    }
    return new MongoDocumentStore(client, client.db());
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    validateCollectionName(collection);
    for (const index of indexes) {
      if (index.fields.length === 0) throw new InvalidQueryError(`${collection}: an index needs at least one field`);
      index.fields.forEach((f) => validateFieldPath(f.field));
    }
    await this.guard(async () => {
      for (const index of indexes) {
        const keys: Record<string, 1 | -1> = {};
        for (const f of index.fields) keys[f.field] = f.direction === 'desc' ? -1 : 1;
        // Ending with _id (in the last field's direction) serves the sort's tie-break without an in-memory sort.
        if (!('_id' in keys)) keys._id = keys[index.fields[index.fields.length - 1].field];
        await this.collection(collection).createIndex(keys);
      }
    });
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | null> {
    validateCollectionName(collection);
    return (await this.guard(() => this.collection(collection).findOne({ _id: id }))) as D | null;
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>> {
    validateCollectionName(collection);
    const found = new Map<string, D>();
    if (ids.length === 0) return found;
    const docs = await this.guard(() => this.collection(collection).find({ _id: { $in: [...new Set(ids)] } }).toArray());
    for (const doc of docs) found.set(doc._id, doc as unknown as D);
    return found;
  }

  async find<D extends Document>(collection: string, options: FindOptions = {}): Promise<Page<D>> {
    validateCollectionName(collection);
    const plan = validateFindOptions(options);
    const wanted = plan.limit === undefined ? 0 : plan.limit + 1; // 0: no limit for the driver
    const docs: Stored[] = [];
    await this.guard(async () => {
      for (const segment of plan.segments) {
        const { filter, sort } = segmentQuery(plan, segment);
        docs.push(...(await this.collection(collection).find(filter, { sort, limit: wanted && wanted - docs.length }).toArray()));
        if (wanted && docs.length >= wanted) break;
      }
    });
    const more = plan.limit !== undefined && docs.length > plan.limit;
    const items = (more ? docs.slice(0, plan.limit) : docs) as unknown as D[];
    const last = more ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor(plan.sort, sortValue(last, plan.sort.field), last._id) : null };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    validateCollectionName(collection);
    const query = toMongoFilter(validateFilter(filter));
    return this.guard(() => this.collection(collection).countDocuments(query));
  }

  async *scan<D extends Document>(collection: string, filter?: Filter): AsyncIterable<D> {
    validateCollectionName(collection);
    const query = toMongoFilter(validateFilter(filter));
    const cursor = this.collection(collection).find(query).sort({ _id: 1 }).batchSize(SCAN_BATCH);
    try {
      for await (const doc of cursor) yield doc as unknown as D;
    } catch (error) {
      throw toReadStoreError(error);
    } finally {
      await cursor.close(); // also when the consumer stops early
    }
  }

  async commit(checkpointName: string, position: number, writes: readonly DocumentWrite[]): Promise<boolean> {
    validateCommit(checkpointName, position, writes);
    // Per collection, in batch order: a later write to the same id wins, as in the batch.
    const grouped = new Map<string, AnyBulkWriteOperation<Stored>[]>();
    for (const w of writes) {
      const ops = grouped.get(w.collection) ?? [];
      grouped.set(w.collection, ops);
      ops.push(
        w.doc === null
          ? { deleteOne: { filter: { _id: w.id } } }
          : { replaceOne: { filter: { _id: w.id }, replacement: w.doc, upsert: true } },
      );
    }
    return this.guard(async () => {
      for (const collection of [CHECKPOINTS, ...grouped.keys()]) await this.ensureCollection(collection);
      const session = this.client.startSession();
      try {
        // Two commits racing on one checkpoint both write its document: one aborts with a write
        // conflict, withTransaction retries it, and the retry sees the other's position.
        return await session.withTransaction(
          async () => {
            const stored = await this.checkpoints.findOne({ _id: checkpointName }, { session });
            if (stored && position <= stored.position) return false;
            for (const [collection, ops] of grouped) await this.collection(collection).bulkWrite(ops, { session, ordered: true });
            await this.checkpoints.updateOne({ _id: checkpointName }, { $set: { position } }, { upsert: true, session });
            return true;
          },
          { readConcern: { level: 'snapshot' }, writeConcern: new WriteConcern('majority') },
        );
      } finally {
        await session.endSession();
      }
    });
  }

  async checkpoint(checkpointName: string): Promise<number> {
    const stored = await this.guard(() => this.checkpoints.findOne({ _id: checkpointName }));
    return stored?.position ?? 0;
  }

  async dropCollection(collection: string): Promise<void> {
    validateCollectionName(collection);
    await this.guard(() => this.collection(collection).drop()); // a missing collection is not an error (driver v6+)
    this.existing.delete(collection);
  }

  async deleteCheckpoint(checkpointName: string): Promise<void> {
    await this.guard(() => this.checkpoints.deleteOne({ _id: checkpointName }));
  }

  async ping(): Promise<void> {
    await this.guard(() => this.db.command({ ping: 1 }));
  }

  /**
   * Nothing the driver can do: WiredTiger reuses the space of replaced documents, and its journal
   * and the oplog age out on their own schedule (encrypt the storage at rest in production).
   */
  async forgetOverwritten(): Promise<void> {}

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * Creates a collection outside any transaction: two transactions implicitly creating the same
   * collection can fail with a non-retryable error, while an existing one costs nothing.
   */
  private async ensureCollection(name: string): Promise<void> {
    if (this.existing.has(name)) return;
    try {
      await this.db.createCollection(name);
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
    this.existing.add(name);
  }

  private collection(name: string): Collection<Stored> {
    return this.db.collection<Stored>(name);
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toReadStoreError(error);
    }
  }
}

/** The validated clauses as a MongoDB query. Only clause shapes reach the server, never caller objects. */
export function toMongoFilter(clauses: readonly Clause[]): MongoFilter<Stored> {
  const all = clauses.map(toMongoClause);
  return all.length === 0 ? {} : all.length === 1 ? all[0] : { $and: all };
}

function toMongoClause(c: Clause): MongoFilter<Stored> {
  switch (c.kind) {
    case 'eq':
      return { [c.field]: { $eq: c.value } };
    case 'ne':
      return { [c.field]: { $ne: c.value } };
    case 'in':
      return { [c.field]: { $in: c.values } };
    case 'exists':
      // The port's $exists means "present and not null"; MongoDB's `null` matches missing and null.
      return { [c.field]: c.value ? { $ne: null } : { $eq: null } };
    case 'contains':
      return { [c.field]: { $regex: escapeRegExp(c.value), $options: 'i' } };
    case 'or':
      return { $or: c.anyOf.map(toMongoFilter) };
    default:
      return { [c.field]: { [`$${c.kind}`]: c.value } };
  }
}

/** `$contains` is literal: every pattern character is escaped. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @internal The query and sort of one segment of a keyset page (see Segment). */
export function segmentQuery(plan: FindPlan, segment: Segment): { filter: MongoFilter<Stored>; sort: MongoSort } {
  const { field, direction } = plan.sort;
  const dir = direction === 'asc' ? 1 : -1;
  const filter = toMongoFilter(plan.clauses);
  const and = (extra: MongoFilter<Stored>) => (Object.keys(filter).length === 0 ? extra : { $and: [filter, extra] });
  const bySortKey: MongoSort = field === '_id' ? { _id: dir } : { [field]: dir, _id: dir };
  switch (segment.kind) {
    case 'all':
      return { filter, sort: bySortKey };
    case 'beyond': {
      const [ge, gt] = dir === 1 ? ['$gte', '$gt'] : ['$lte', '$lt'];
      // The inclusive bound drives the index scan; the $or only filters the ties at the value.
      const extra = { [field]: { [ge]: segment.value }, $or: [{ [field]: { [gt]: segment.value } }, { _id: { [gt]: segment.id } }] };
      return { filter: and(extra), sort: bySortKey };
    }
    case 'nulls': {
      const extra: MongoDocument = { [field]: null };
      if (segment.afterId !== null) extra._id = { [dir === 1 ? '$gt' : '$lt']: segment.afterId };
      return { filter: and(extra), sort: { _id: dir } };
    }
    case 'nonNull':
      return { filter: and({ [field]: { $ne: null } }), sort: bySortKey };
  }
}

function sortValue(doc: MongoDocument, field: string): Scalar {
  let value: unknown = doc;
  for (const segment of field.split('.')) value = value === null || typeof value !== 'object' ? undefined : (value as MongoDocument)[segment];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new InvalidQueryError(`cannot page on ${field}: it holds a ${Array.isArray(value) ? 'list' : 'non-scalar value'}`);
}

/** Connection failures become ReadStoreUnavailableError; anything else (a bug, a bad query) passes through. */
export const toReadStoreError = (error: unknown): Error => {
  if (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
  ) {
    return new ReadStoreUnavailableError(`read store (MongoDB) is unreachable: ${error.message.split('\n')[0]}`, error);
  }
  return error instanceof Error ? error : new Error(String(error));
};
