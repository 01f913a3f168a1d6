import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@app/domain/shared';
import { EventStore, openEmbeddedEventStore } from '@app/event-store';
import { upcastEvent } from '@app/domain';
import { project, Projection, ProjectionRunner } from '@app/projection-engine';
import { PROJECTIONS } from '@app/read-models';
import { Document, DocumentStore, SQLITE_READ_MODELS_FILE, SqliteDocumentStore } from '@app/read-store';

/** `PRAGMA integrity_check` on every SQLite file of a directory (as a crash left it: opening recovers the WAL). */
export const integrityCheck = (dir: string): { readonly files: string[]; readonly problems: string[] } => {
  const files = readdirSync(dir).filter((name) => name.endsWith('.sqlite3'));
  const problems: string[] = [];
  for (const name of files) {
    const db = new Database(join(dir, name));
    try {
      const result = db.pragma('integrity_check', { simple: true });
      if (result !== 'ok') problems.push(`${name}: ${String(result)}`);
    } finally {
      db.close();
    }
  }
  return { files, problems };
};

/**
 * The log's own invariants: every event id once, every stream's revisions 0..n without gaps,
 * positions strictly increasing. Returns what is wrong (empty when nothing is).
 */
export const logProblems = (log: readonly RecordedEvent[]): string[] => {
  const problems: string[] = [];
  const ids = new Set<string>();
  const revisions = new Map<string, number>();
  let position = 0;
  for (const event of log) {
    if (ids.has(event.metadata.eventId)) problems.push(`event id ${event.metadata.eventId} twice`);
    ids.add(event.metadata.eventId);
    const expected = (revisions.get(event.streamId) ?? -1) + 1;
    if (event.revision !== expected) problems.push(`${event.streamId}: revision ${event.revision} where ${expected} was due`);
    revisions.set(event.streamId, event.revision);
    if (event.position <= position) problems.push(`position ${event.position} after ${position}`);
    position = event.position;
  }
  return problems;
};

/** JSON with sorted keys, leaving out `strip` keys at any depth (e.g. log positions, which differ between logs). */
const canonical = (value: unknown, strip: ReadonlySet<string>): string => {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, strip)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((key) => !strip.has(key))
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key], strip)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

export interface ReadModelHash {
  readonly hash: string;
  readonly docs: number;
}
export type ReadModelHashes = Readonly<Record<string, ReadModelHash>>;

/** Positions of the log; different interleavings of the same events give different ones. */
export const POSITION_FIELDS: ReadonlySet<string> = new Set(['_position', 'position']);

const hashDocuments = async (docs: AsyncIterable<Document> | Iterable<Document>, strip: ReadonlySet<string>): Promise<ReadModelHash> => {
  const hash = createHash('sha256');
  let count = 0;
  for await (const doc of docs) {
    hash.update(canonical(doc, strip)).update('\n');
    count++;
  }
  return { hash: hash.digest('hex'), docs: count };
};

/** A sha-256 of every projection's documents, in id order (the store scans in id order). */
export const hashReadModels = async (docs: DocumentStore, collectionOf: (projection: Projection) => string, strip: ReadonlySet<string> = new Set()): Promise<ReadModelHashes> => {
  const result: Record<string, ReadModelHash> = {};
  for (const projection of PROJECTIONS) result[projection.name] = await hashDocuments(docs.scan(collectionOf(projection)), strip);
  return result;
};

/** The same hashes of the pure reference fold of the log (no runner, no store). */
export const foldReadModels = async (log: readonly RecordedEvent[], strip: ReadonlySet<string> = new Set()): Promise<ReadModelHashes> => {
  const upcast = log.map((e) => upcastEvent(e));
  const result: Record<string, ReadModelHash> = {};
  for (const projection of PROJECTIONS) {
    const docs = [...project(projection as Projection, upcast).values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    result[projection.name] = await hashDocuments(docs, strip);
  }
  return result;
};

/** One short hash for all projections together, for the printed figures. */
export const combinedHash = (hashes: ReadModelHashes): string =>
  createHash('sha256')
    .update(Object.entries(hashes).map(([name, h]) => `${name}:${h.hash}`).join('|'))
    .digest('hex')
    .slice(0, 12);

export const totalDocs = (hashes: ReadModelHashes): number => Object.values(hashes).reduce((sum, h) => sum + h.docs, 0);

/** The projections whose hashes differ (empty when the two sets of read models are equal). */
export const differingProjections = (a: ReadModelHashes, b: ReadModelHashes): string[] =>
  PROJECTIONS.map((p) => p.name).filter((name) => a[name]?.hash !== b[name]?.hash);

/**
 * The live read models of a stopped (or running) API in `dataDir`: the generation each projection
 * serves is recorded by the runner in its `_projections` collection (`<name>@<generation>`).
 */
export const liveReadModels = async (docs: DocumentStore): Promise<{ hashes: ReadModelHashes; checkpoints: Record<string, number> }> => {
  const collections = await liveCollections(docs);
  const checkpoints: Record<string, number> = {};
  for (const [name, collection] of Object.entries(collections)) checkpoints[name] = await docs.checkpoint(collection);
  return { hashes: await hashReadModels(docs, (projection) => collections[projection.name]), checkpoints };
};

const liveCollections = async (docs: DocumentStore): Promise<Record<string, string>> => {
  const collections: Record<string, string> = {};
  for (const { name } of PROJECTIONS) {
    const active = await docs.get<{ _id: string; generation: number }>('_projections', name);
    if (!active) throw new Error(`projection ${name} has no live generation`);
    collections[name] = `${name}@${active.generation}`;
  }
  return collections;
};

/** The checkpoint each projection has stored (where it resumes after a restart or a failure). */
export const storedCheckpoints = async (docs: DocumentStore): Promise<Record<string, number>> => {
  const checkpoints: Record<string, number> = {};
  for (const [name, collection] of Object.entries(await liveCollections(docs))) checkpoints[name] = await docs.checkpoint(collection);
  return checkpoints;
};

/** Builds every read model from position 0 of `events` in a fresh, temporary read store and hashes them. */
export const cleanRebuild = async (events: EventStore, options: { readonly batchSize?: number; readonly strip?: ReadonlySet<string> } = {}): Promise<ReadModelHashes> => {
  const dir = mkdtempSync(join(tmpdir(), 'l2c-rebuild-'));
  const docs = new SqliteDocumentStore({ file: join(dir, SQLITE_READ_MODELS_FILE) });
  const runner = new ProjectionRunner(events, docs, PROJECTIONS, { batchSize: options.batchSize ?? 500 });
  try {
    await runner.start();
    if (!(await runner.waitFor(runner.projections, await events.headPosition(), 120_000))) throw new Error('the clean rebuild did not catch up within 120 s');
    return await hashReadModels(docs, (projection) => runner.collectionOf(projection), options.strip);
  } finally {
    await runner.stop();
    await docs.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Opens the event log of a DATA_DIR, decrypted as the API reads it (the API may still be running: SQLite WAL allows a second reader). */
export const openLog = (dataDir: string): EventStore => openEmbeddedEventStore(dataDir);

export const openReadStore = (dataDir: string): SqliteDocumentStore => new SqliteDocumentStore({ file: join(dataDir, SQLITE_READ_MODELS_FILE) });
