import Database from 'better-sqlite3';
import { describeSqliteFailure, isClosedConnection, isNoSuchTable, sqliteFailureReason } from '@app/sqlite';
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

export interface SqliteDocumentStoreOptions {
  readonly file: string;
  /** How long a write waits for another process's lock before failing. */
  readonly busyTimeoutMs?: number;
}

const SCAN_PAGE = 500;
/**
 * A filtered, sorted page that SQLite would answer by sorting every match (40 000 leads of one stage
 * to show 50) walks the sort field's index instead, in order, stopping at the page, when at least 1
 * in 100 of a sample of documents matches: a page is then found within a few thousand entries. A
 * rarer filter keeps SQLite's plan (its index finds the few matches, sorting them is cheap).
 */
const DENSITY_SAMPLE = 1_000;
const DENSE_SHARE = 0.01;
/** Statements kept per collection; a flood of distinct query shapes ($in lengths) resets the cache. */
const MAX_STATEMENTS_PER_COLLECTION = 256;

type Param = string | number;
interface Row {
  id: string;
  doc: string;
  k?: unknown;
}
interface PreparedWrite {
  readonly collection: string;
  readonly id: string;
  readonly json: string | null;
}

/** How the read-model file is kept (also what the benchmarks' raw baseline writes with). */
export const READ_STORE_PRAGMAS: readonly string[] = [
  'journal_mode = WAL',
  // NORMAL, not FULL: a commit is not fsynced on its own. A crash of the process loses nothing (WAL);
  // a power loss may roll back the last commits, each a batch together with its checkpoint, which are
  // then applied again from the log (the log and the idempotency records stay FULL). Everything here
  // is derived from the log or is at-least-once delivery state, and read-your-writes no longer waits
  // for an fsync per read model.
  'synchronous = NORMAL',
  // Copy the WAL back into the file every ~40 MB instead of every 4 MB: index pages rewritten by
  // many batches in between are copied (and synced) once. Saves ~15% of a rebuild.
  'wal_autocheckpoint = 10000',
  // Overwritten and deleted content is zeroed, not left in free space: scrubbed personal data must not linger.
  'secure_delete = ON',
];

/**
 * Embedded read store: one SQLite file (WAL, synchronous=NORMAL), one table per collection holding
 * each document as JSON, queried through json_extract expressions that expression indexes serve.
 *
 * Array semantics without a schema: MongoDB matches `{ tags: 'x' }` against an array field by its
 * elements. The element-wise SQL (json_each) cannot use an index, so it is only emitted for paths
 * that have ever held an array in that collection, which commit() records in `_array_paths`.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly file: string;
  private closed = false;
  /** Per collection, statements by SQL text: one per query shape. */
  private readonly statements = new Map<string, Map<string, Database.Statement>>();
  /** Per `collection\0sql` of a find: whether SQLite's plan sorts every match (see DENSITY_SAMPLE). */
  private readonly sortsAllMatches = new Map<string, boolean>();
  /** `collection\0path` already in `_array_paths` (committed by this process). */
  private readonly arrayPaths = new Set<string>();
  private readonly stmt: {
    checkpoint: Database.Statement;
    setCheckpoint: Database.Statement;
    deleteCheckpoint: Database.Statement;
    isArrayPath: Database.Statement;
    addArrayPath: Database.Statement;
    dropArrayPaths: Database.Statement;
    ping: Database.Statement;
  };
  private readonly commitTx: (name: string, position: number, writes: readonly PreparedWrite[], paths: readonly string[]) => boolean;

  constructor(options: SqliteDocumentStoreOptions) {
    this.file = options.file;
    try {
      this.db = new Database(options.file);
      for (const pragma of READ_STORE_PRAGMAS) this.db.pragma(pragma);
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS _checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS _array_paths (collection TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (collection, path)) WITHOUT ROWID;
      `);
      // SQLite's lower() folds ASCII only; a non-ASCII $contains needle goes through JavaScript's.
      this.db.function('rs_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
      this.stmt = {
        checkpoint: this.db.prepare('SELECT position FROM _checkpoints WHERE name = ?').pluck(),
        setCheckpoint: this.db.prepare(
          'INSERT INTO _checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
        ),
        deleteCheckpoint: this.db.prepare('DELETE FROM _checkpoints WHERE name = ?'),
        isArrayPath: this.db.prepare('SELECT 1 FROM _array_paths WHERE collection = ? AND path = ?').pluck(),
        addArrayPath: this.db.prepare('INSERT OR IGNORE INTO _array_paths (collection, path) VALUES (?, ?)'),
        dropArrayPaths: this.db.prepare('DELETE FROM _array_paths WHERE collection = ?'),
        ping: this.db.prepare('SELECT 1').pluck(),
      };
    } catch (error) {
      this.db?.close();
      throw toReadStoreError(error, this.file);
    }
    const tx = this.db.transaction(this.applyCommit);
    // IMMEDIATE: the checkpoint read and the writes see one state; another process waits (busy_timeout).
    this.commitTx = (name, position, writes, paths) => tx.immediate(name, position, writes, paths);
  }

  async ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    validateCollectionName(collection);
    for (const index of indexes) {
      if (index.fields.length === 0) throw new InvalidQueryError(`${collection}: an index needs at least one field`);
      index.fields.forEach((f) => validateFieldPath(f.field));
    }
    this.guard(() =>
      this.db.transaction(() => {
        this.db.exec(createTableSql(collection));
        for (const index of indexes) {
          const fields = index.fields.map((f) => f.field);
          // Ending with id serves the tie-break of the sort too. Direction is irrelevant: SQLite scans both ways.
          const columns = fields.map(sortExpr);
          if (fields[fields.length - 1] !== '_id') columns.push('id');
          this.db.exec(`CREATE INDEX IF NOT EXISTS ${quote(`${collection}#${fields.join(',')}`)} ON ${quote(collection)} (${columns.join(', ')})`);
        }
      })(),
    );
  }

  async get<D extends Document>(collection: string, id: string): Promise<D | null> {
    validateCollectionName(collection);
    const json = this.read(collection, undefined, () =>
      this.prepared(collection, `SELECT doc FROM ${quote(collection)} WHERE id = ?`).pluck().get(id),
    ) as string | undefined;
    return json === undefined ? null : (JSON.parse(json) as D);
  }

  async getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>> {
    validateCollectionName(collection);
    const found = new Map<string, D>();
    if (ids.length === 0) return found;
    // One statement whatever the number of ids: they travel as one JSON array.
    const rows = this.read(collection, [], () =>
      this.prepared(collection, `SELECT id, doc FROM ${quote(collection)} WHERE id IN (SELECT value FROM json_each(?))`).all(
        JSON.stringify(ids),
      ),
    ) as Row[];
    for (const row of rows) found.set(row.id, JSON.parse(row.doc) as D);
    return found;
  }

  async find<D extends Document>(collection: string, options: FindOptions = {}): Promise<Page<D>> {
    validateCollectionName(collection);
    const plan = validateFindOptions(options);
    const rows = this.read(collection, [], () => this.findRows(collection, plan));
    const more = plan.limit !== undefined && rows.length > plan.limit;
    const items = (more ? rows.slice(0, plan.limit) : rows).map((row) => JSON.parse(row.doc) as D);
    const last = more ? rows[plan.limit! - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor(plan.sort, last.k as Scalar, last.id) : null };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    validateCollectionName(collection);
    const clauses = validateFilter(filter);
    return this.read(collection, 0, () => {
      const where = this.compile(collection, clauses);
      return this.prepared(collection, `SELECT count(*) FROM ${quote(collection)} WHERE ${where.sql}`).pluck().get(...where.params) as number;
    });
  }

  async *scan<D extends Document>(collection: string, filter?: Filter): AsyncIterable<D> {
    validateCollectionName(collection);
    const clauses = validateFilter(filter);
    let after = '';
    for (let page = 0; ; page++) {
      // A page at a time, by id: no statement stays open across a yield, memory stays bounded. The
      // first page lets the planner pick (a selective filter's index); a result that needs more pages
      // is large, so the rest walk the id index: linear, where re-sorting the matches per page is not.
      const rows = this.read(collection, [], () => {
        const where = this.compile(collection, clauses);
        const byId = page === 0 ? '' : ` INDEXED BY ${quote(`sqlite_autoindex_${collection}_1`)}`;
        const sql = `SELECT id, doc FROM ${quote(collection)}${byId} WHERE ${where.sql} AND id > ? ORDER BY id LIMIT ${SCAN_PAGE}`;
        return this.prepared(collection, sql).all(...where.params, after) as Row[];
      });
      for (const row of rows) yield JSON.parse(row.doc) as D;
      if (rows.length < SCAN_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  async commit(checkpointName: string, position: number, writes: readonly DocumentWrite[]): Promise<boolean> {
    validateCommit(checkpointName, position, writes);
    const prepared: PreparedWrite[] = [];
    const paths = new Set<string>();
    for (const w of writes) {
      let json: string | null = null;
      if (w.doc !== null) {
        try {
          json = JSON.stringify(w.doc);
        } catch (error) {
          throw new InvalidQueryError(`${w.collection}/${w.id} cannot be stored as JSON: ${(error as Error).message}`);
        }
        collectArrayPaths(w.doc, '', (path) => {
          const key = `${w.collection}\0${path}`;
          if (!this.arrayPaths.has(key)) paths.add(key);
        });
      }
      prepared.push({ collection: w.collection, id: w.id, json });
    }
    const newPaths = [...paths];
    const applied = this.guard(() => this.commitTx(checkpointName, position, prepared, newPaths));
    // Remembered only once committed: a rolled-back registration must be retried next time.
    if (applied) for (const key of newPaths) this.arrayPaths.add(key);
    return applied;
  }

  async checkpoint(checkpointName: string): Promise<number> {
    return this.guard(() => (this.stmt.checkpoint.get(checkpointName) as number | undefined) ?? 0);
  }

  async dropCollection(collection: string): Promise<void> {
    validateCollectionName(collection);
    this.guard(() =>
      this.db.transaction(() => {
        this.db.exec(`DROP TABLE IF EXISTS ${quote(collection)}`);
        this.stmt.dropArrayPaths.run(collection);
      })(),
    );
    this.forget(collection);
  }

  async deleteCheckpoint(checkpointName: string): Promise<void> {
    this.guard(() => this.stmt.deleteCheckpoint.run(checkpointName));
  }

  async ping(): Promise<void> {
    this.guard(() => this.stmt.ping.get());
  }

  /** secure_delete zeroes what the database file frees; the WAL still holds whole earlier pages until it is copied back and emptied. */
  async forgetOverwritten(): Promise<void> {
    this.guard(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** The query plan of a find, for diagnostics and the index tests. */
  explain(collection: string, options: FindOptions = {}): string[] {
    validateCollectionName(collection);
    const plan = validateFindOptions(options);
    const query = this.guard(() => this.findQuery(collection, plan, plan.segments[0], plan.limit === undefined ? undefined : this.sortIndexToWalk(collection, plan)));
    return this.guard(() =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params, plan.limit ?? -1) as { detail: string }[]).map((r) => r.detail),
    );
  }

  pragma(name: 'journal_mode' | 'synchronous' | 'busy_timeout'): unknown {
    return this.guard(() => this.db.pragma(name, { simple: true }));
  }

  // --- internals -------------------------------------------------------------------------------

  private readonly applyCommit = (name: string, position: number, writes: readonly PreparedWrite[], paths: readonly string[]): boolean => {
    const stored = (this.stmt.checkpoint.get(name) as number | undefined) ?? 0;
    if (position <= stored) return false;
    const tables = new Set<string>();
    for (const w of writes) {
      if (!tables.has(w.collection)) {
        tables.add(w.collection);
        this.prepared(w.collection, createTableSql(w.collection)).run();
      }
      const table = quote(w.collection);
      if (w.json === null) this.prepared(w.collection, `DELETE FROM ${table} WHERE id = ?`).run(w.id);
      else
        this.prepared(w.collection, `INSERT INTO ${table} (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`).run(
          w.id,
          w.json,
        );
    }
    for (const key of paths) this.stmt.addArrayPath.run(...key.split('\0'));
    this.stmt.setCheckpoint.run(name, position);
    return true;
  };

  /** Rows of a page plus one (to know whether there is a next page), over at most two segments. */
  private findRows(collection: string, plan: FindPlan): Row[] {
    const wanted = plan.limit === undefined ? -1 : plan.limit + 1;
    const rows: Row[] = [];
    const walk = wanted >= 0 ? this.sortIndexToWalk(collection, plan) : undefined;
    for (const segment of plan.segments) {
      const query = this.findQuery(collection, plan, segment, walk);
      const limit = wanted < 0 ? -1 : wanted - rows.length;
      rows.push(...(this.prepared(collection, query.sql).all(...query.params, limit) as Row[]));
      if (wanted >= 0 && rows.length >= wanted) break;
    }
    return rows;
  }

  /** The index on the sort field alone (ensureIndexes names it `<collection>#<field>`), when walking it beats SQLite's plan (DENSITY_SAMPLE). */
  private sortIndexToWalk(collection: string, plan: FindPlan): string | undefined {
    if (plan.clauses.length === 0 || plan.sort.field === '_id') return undefined;
    const index = `${collection}#${plan.sort.field}`;
    const exists = this.prepared(collection, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(index) !== undefined;
    if (!exists || this.stmt.isArrayPath.get(collection, plan.sort.field) !== undefined) return undefined;
    const query = this.findQuery(collection, plan, plan.segments[0]);
    const key = `${collection}\0${query.sql}`;
    let sorts = this.sortsAllMatches.get(key);
    if (sorts === undefined) {
      const steps = this.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params, 1) as { detail: string }[];
      sorts = steps.some((step) => step.detail.includes('TEMP B-TREE FOR ORDER BY'));
      this.sortsAllMatches.set(key, sorts);
    }
    if (!sorts) return undefined;
    const where = this.compile(collection, plan.clauses);
    const sampled = this.prepared(collection, `SELECT count(*) FROM (SELECT doc FROM ${quote(collection)} LIMIT ${DENSITY_SAMPLE}) WHERE ${where.sql}`)
      .pluck()
      .get(...where.params) as number;
    return sampled >= DENSITY_SAMPLE * DENSE_SHARE ? index : undefined;
  }

  private findQuery(collection: string, plan: FindPlan, segment: Segment, walk?: string): { sql: string; params: Param[] } {
    const where = this.compile(collection, plan.clauses);
    const params = [...where.params];
    const k = sortExpr(plan.sort.field);
    const asc = plan.sort.direction === 'asc';
    const dir = asc ? 'ASC' : 'DESC';
    let range = '';
    let order = `${k} ${dir}, id ${dir}`;
    switch (segment.kind) {
      case 'beyond': {
        // `k >= v` bounds the index range; the OR only filters the ties at v.
        const [ge, gt] = asc ? ['>=', '>'] : ['<=', '<'];
        const value = bindable(segment.value);
        range = ` AND ${k} ${ge} ? AND (${k} ${gt} ? OR id ${gt} ?)`;
        params.push(value, value, segment.id);
        break;
      }
      case 'nulls':
        range = ` AND ${k} IS NULL`;
        order = `id ${dir}`;
        if (segment.afterId !== null) {
          range += ` AND id ${asc ? '>' : '<'} ?`;
          params.push(segment.afterId);
        }
        break;
      case 'nonNull':
        range = ` AND ${k} IS NOT NULL`;
        break;
    }
    const indexedBy = walk ? ` INDEXED BY ${quote(walk)}` : '';
    const sql = `SELECT id, doc, ${k} AS k FROM ${quote(collection)}${indexedBy} WHERE ${where.sql}${range} ORDER BY ${order} LIMIT ?`;
    return { sql, params };
  }

  /** The filter as a SQL condition; values are always bound parameters. */
  private compile(collection: string, clauses: readonly Clause[]): { sql: string; params: Param[] } {
    const params: Param[] = [];
    const bind = (value: Scalar): string => {
      params.push(bindable(value as string | number | boolean));
      return '?';
    };
    const isArray = (field: string) => this.stmt.isArrayPath.get(collection, field) !== undefined;

    /**
     * Applies `predicate` to the field's value. For a path that has held an array, an array value
     * matches when one of its elements does (json_each), each operator on its own, as in MongoDB.
     */
    const onField = (field: string, predicate: (value: string, type: string, element: boolean) => string): string => {
      const path = `'${jsonPath(field)}'`;
      const value = `json_extract(doc, ${path})`;
      const type = `json_type(doc, ${path})`;
      if (!isArray(field)) return predicate(value, type, false);
      const elements = predicate('j.value', 'j.type', true);
      return `(CASE WHEN ${type} = 'array' THEN EXISTS (SELECT 1 FROM json_each(doc, ${path}) AS j WHERE ${elements}) ELSE ${predicate(value, type, false)} END)`;
    };

    // json_extract/json_each give booleans as 1/0: the JSON type tells true from 1. Elements
    // (and 0/1) are always type-checked; plain scalar paths skip it so the index serves `=`.
    const eq = (v: Scalar, value: string, type: string, element: boolean): string => {
      if (v === null) return `${value} IS NULL`;
      if (typeof v === 'boolean') return `(${value} = ${bind(v)} AND ${type} = ${bind(String(v))})`;
      if (typeof v === 'number') return `(${value} = ${bind(v)}${element || v === 0 || v === 1 ? ` AND ${type} IN ('integer', 'real')` : ''})`;
      return `(${value} = ${bind(v)}${element ? ` AND ${type} = 'text'` : ''})`;
    };

    const anyOf = (values: readonly Scalar[], value: string, type: string, element: boolean): string => {
      // Plain strings and numbers in one IN (index-served); the rest need their own test.
      const plain = element ? [] : values.filter((v) => typeof v === 'string' || (typeof v === 'number' && v !== 0 && v !== 1));
      const terms = values.filter((v) => !plain.includes(v)).map((v) => eq(v, value, type, element));
      if (plain.length > 0) terms.unshift(`${value} IN (${plain.map(bind).join(', ')})`);
      return terms.length === 0 ? '0' : `(${terms.join(' OR ')})`;
    };

    // SQLite orders NULL < numbers < text: a number range stops below text, a text range above numbers
    // (bounds the index range too); the type test keeps booleans (1/0) out of number ranges.
    const compare = (op: string, v: string | number, value: string, type: string, element: boolean): string => {
      const upward = op[0] === '>';
      if (typeof v === 'number') return `(${value} ${op} ${bind(v)}${upward ? ` AND ${value} < ''` : ''} AND ${type} IN ('integer', 'real'))`;
      return `(${value} ${op} ${bind(v)}${upward ? '' : ` AND ${value} >= ''`}${element ? ` AND ${type} = 'text'` : ''})`;
    };

    const clause = (c: Clause): string => {
      switch (c.kind) {
        case 'eq':
          return onField(c.field, (value, type, element) => eq(c.value, value, type, element));
        case 'ne':
          return `NOT ifnull(${onField(c.field, (value, type, element) => eq(c.value, value, type, element))}, 0)`;
        case 'in':
          return onField(c.field, (value, type, element) => anyOf(c.values, value, type, element));
        case 'exists': {
          // Present and not null (the port's meaning): the negation of `= null`.
          const isNull = onField(c.field, (value) => `${value} IS NULL`);
          return c.value ? `NOT ${isNull}` : isNull;
        }
        case 'contains': {
          const needle = c.value.toLowerCase();
          const lower = /^[\x00-\x7f]*$/.test(needle) ? 'lower' : 'rs_lower';
          return onField(c.field, (value, type) => `(${type} = 'text' AND instr(${lower}(${value}), ${bind(needle)}) > 0)`);
        }
        case 'or':
          return `(${c.anyOf.map((all) => (all.length === 0 ? '1' : all.map(clause).join(' AND '))).join(' OR ')})`;
        default: {
          const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.kind];
          return onField(c.field, (value, type, element) => compare(op, c.value, value, type, element));
        }
      }
    };

    return { sql: clauses.length === 0 ? '1' : clauses.map(clause).join(' AND '), params };
  }

  private prepared(collection: string, sql: string): Database.Statement {
    let cache = this.statements.get(collection);
    if (!cache) this.statements.set(collection, (cache = new Map()));
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= MAX_STATEMENTS_PER_COLLECTION) cache.clear();
      statement = this.db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }

  private forget(collection: string): void {
    this.statements.delete(collection);
    for (const key of this.sortsAllMatches.keys()) if (key.startsWith(`${collection}\0`)) this.sortsAllMatches.delete(key);
    for (const key of this.arrayPaths) if (key.startsWith(`${collection}\0`)) this.arrayPaths.delete(key);
  }

  /** A read of a collection that does not exist (yet, or any more) answers `empty`. */
  private read<T>(collection: string, empty: T, fn: () => T): T {
    return this.guard(() => {
      try {
        return fn();
      } catch (error) {
        if (isNoSuchTable(error)) {
          this.forget(collection);
          return empty;
        }
        throw error;
      }
    });
  }

  private guard<T>(fn: () => T): T {
    if (this.closed) throw closedError();
    try {
      return fn();
    } catch (error) {
      throw toReadStoreError(error, this.file);
    }
  }
}

const quote = (identifier: string): string => `"${identifier}"`; // names are validated: no quotes inside

const createTableSql = (collection: string): string => `CREATE TABLE IF NOT EXISTS ${quote(collection)} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`;

/** Segments are validated identifiers; quoting them keeps `-` literal. Index and query must spell it the same. */
const jsonPath = (field: string): string => `$.${field.split('.').map((s) => `"${s}"`).join('.')}`;

/** The sort key: `_id` is the primary key column, any other field its JSON value. */
const sortExpr = (field: string): string => (field === '_id' ? 'id' : `json_extract(doc, '${jsonPath(field)}')`);

const bindable = (value: string | number | boolean): Param => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** Calls `found` with every dotted path (through objects, not arrays) that holds an array. */
function collectArrayPaths(value: Record<string, unknown>, prefix: string, found: (path: string) => void): void {
  for (const [key, child] of Object.entries(value)) {
    if (child === null || typeof child !== 'object') continue;
    const path = prefix + key;
    if (Array.isArray(child)) found(path);
    else collectArrayPaths(child as Record<string, unknown>, `${path}.`, found);
  }
}

const closedError = () => new ReadStoreUnavailableError('read store is closed');

/** SQLite failures become ReadStoreUnavailableError with a plain message; query errors pass through. */
export const toReadStoreError = (error: unknown, file: string): Error => {
  if (error instanceof ReadStoreUnavailableError || error instanceof InvalidQueryError) return error;
  const failure = describeSqliteFailure(error, 'read store', file);
  if (failure) return new ReadStoreUnavailableError(failure, error, sqliteFailureReason(error));
  if (isClosedConnection(error)) return closedError();
  return error instanceof Error ? error : new Error(String(error));
};
