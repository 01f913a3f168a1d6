import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { streamName } from '@app/domain/shared';
import { SQLITE_EVENTS_FILE, SQLITE_SUBJECT_KEYS_FILE, SqliteEventStore } from '@app/event-store';
import { CliError } from '../cli-command';
import { DATA_FILES, DataFile, MANIFEST_FILE, SQLITE_SIDECARS } from './backup-files';
import { BackupFileEntry, BackupManifest, MANIFEST_FORMAT, MANIFEST_VERSION, productVersion, sha256Of } from './manifest';

/*
 * Order of the copies, and why (each store is copied on its own, so each is consistent in itself; the
 * order makes them consistent with each other):
 *
 * 1. Read models, then idempotency records, BEFORE the log. Every checkpoint in the read-model file
 *    (projections, policies, the webhook dispatcher) and every completed idempotency answer then
 *    points at events the copied log holds. After a restore they catch up from their checkpoints; a
 *    command whose record is missing runs again on retry and finds its own events by their
 *    key-derived ids. Copied after the log, they could name events the restored log never got, and
 *    the read models would skip the events written at those positions later.
 * 2. The log, THEN the subject key store. A key is stored (durably) before the first event it
 *    encrypts is appended, so every event in the log copy has its key in a key store copied later.
 *    A subject created after the log copy leaves a key without events: harmless. An erasure deletes
 *    the key first and records PersonalDataErased next, so a later key-store copy can only lack keys
 *    the log still uses because they were erased: their data reads "[erased]", never resurrected.
 *    In the other order the log could hold events whose keys the copy lacks (their personal data
 *    lost) and keys erased meanwhile would come back.
 *    One gap remains: an erasure between the two copies is in the key store but its
 *    PersonalDataErased is not in the log (nothing is readable, but the read models copied before
 *    would keep the subject's data and the log would not record the erasure). So the pair is copied
 *    again until no erasure falls between them; an erasure that stays unrecorded across copies was
 *    interrupted (the API stopped between its two steps) and is listed in the manifest.
 * 3. The secrets last: each is written once, before the first event that needs it.
 */

/** Copies of the log and the key store before the erasures in between are taken as interrupted, not in flight. */
const MAX_LOG_AND_KEY_COPIES = 5;
const IN_FLIGHT_ERASURE_WAIT_MS = 500;

export interface BackupOptions {
  readonly dataDir: string;
  readonly target: string;
  /** Called after each copy of the log, before the key store's; tests erase there. */
  readonly afterLogCopy?: (copy: number) => Promise<void>;
  /** Reports each copied file (the command prints it on stderr). */
  readonly onFile?: (name: string) => void;
}

export const takeBackup = async (options: BackupOptions): Promise<BackupManifest> => {
  const dataDir = resolve(options.dataDir);
  const target = resolve(options.target);
  if (!existsSync(join(dataDir, SQLITE_EVENTS_FILE))) throw new CliError(`DATA_DIR ${dataDir} holds no event log (${SQLITE_EVENTS_FILE}); nothing to back up`);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new CliError(`backup target ${target} is not empty; name a new or empty directory`);
  }
  if (target === dataDir || target.startsWith(dataDir + '/')) throw new CliError(`backup target ${target} lies inside DATA_DIR ${dataDir}; put backups elsewhere`);
  mkdirSync(dirname(target), { recursive: true });
  // Beside the target (same file system, so the final rename is atomic), under a name no one takes for a backup.
  const staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const manifest = await copyInto(dataDir, staging, options);
    writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const name of readdirSync(staging)) fsyncPath(join(staging, name));
    fsyncPath(staging);
    if (existsSync(target)) rmdirSync(target); // empty, checked above
    renameSync(staging, target);
    fsyncPath(dirname(target));
    return manifest;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
};

const copyInto = async (dataDir: string, staging: string, options: BackupOptions): Promise<BackupManifest> => {
  const present = DATA_FILES.filter((file) => existsSync(join(dataDir, file.name)));
  const copy = async (file: DataFile) => {
    await copyFile(join(dataDir, file.name), join(staging, file.name), file);
    options.onFile?.(file.name);
  };
  const before = present.filter((f) => f.role === 'read-models' || f.role === 'idempotency');
  const log = present.find((f) => f.name === SQLITE_EVENTS_FILE)!;
  const keys = present.find((f) => f.name === SQLITE_SUBJECT_KEYS_FILE);
  const secrets = present.filter((f) => f.role === 'secret');

  for (const file of before) await copy(file);
  let copies = 0;
  let unrecorded: string[] = [];
  for (;;) {
    copies++;
    await copy(log);
    await options.afterLogCopy?.(copies);
    if (keys) await copy(keys);
    const previous = unrecorded;
    unrecorded = keys ? await erasuresMissingFromLog(staging) : [];
    const stable = copies > 1 && unrecorded.length === previous.length && unrecorded.every((id, i) => id === previous[i]);
    if (unrecorded.length === 0 || stable || copies >= MAX_LOG_AND_KEY_COPIES) break;
    await new Promise((done) => setTimeout(done, IN_FLIGHT_ERASURE_WAIT_MS));
  }
  for (const file of secrets) await copy(file);

  const headPosition = await withLogCopy(staging, (store) => store.headPosition());
  const files: BackupFileEntry[] = [];
  for (const file of present) {
    const path = join(staging, file.name);
    files.push({ name: file.name, role: file.role, bytes: statSync(path).size, sha256: await sha256Of(path) });
  }
  return {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    productVersion: productVersion(),
    createdAt: new Date().toISOString(),
    sourceDataDir: dataDir,
    headPosition,
    files,
    absent: DATA_FILES.filter((f) => !present.includes(f)).map((f) => f.name),
    logAndKeyCopies: copies,
    unrecordedErasures: unrecorded,
    readModels: before.some((f) => f.role === 'read-models')
      ? 'copied before the log: on the next start they catch up from their checkpoints to the restored log'
      : 'none in DATA_DIR: built from the log on the first start',
  };
};

/**
 * SQLite's online backup. All remaining pages in one step: the copy is one read transaction, a
 * consistent snapshot that writers in other processes do not wait for (WAL). Copied a few pages at
 * a time, it would start over whenever another process wrote between two steps, and might never end
 * under steady writes.
 */
const copyFile = async (source: string, destination: string, file: DataFile): Promise<void> => {
  for (const suffix of ['', ...SQLITE_SIDECARS]) rmSync(destination + suffix, { force: true });
  if (file.kind === 'file') {
    copyFileSync(source, destination);
    return;
  }
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
};

const withLogCopy = async <T>(staging: string, use: (store: SqliteEventStore) => Promise<T>): Promise<T> => {
  const store = new SqliteEventStore({ file: join(staging, SQLITE_EVENTS_FILE) });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
};

/** Subjects whose key the copied key store has deleted but whose PersonalDataErased the copied log lacks. */
const erasuresMissingFromLog = async (staging: string): Promise<string[]> => {
  const keys = new Database(join(staging, SQLITE_SUBJECT_KEYS_FILE), { fileMustExist: true });
  let erased: string[];
  try {
    // The key store's own table (sqlite-subject-key-store.ts): an erased subject keeps its row with erased_at.
    erased = keys.prepare('SELECT subject_id FROM subjects WHERE erased_at IS NOT NULL ORDER BY subject_id').pluck().all() as string[];
  } finally {
    keys.close();
  }
  if (erased.length === 0) return [];
  return withLogCopy(staging, async (store) => {
    const missing: string[] = [];
    for (const subjectId of erased) {
      const events = await store.readStream(streamName('subject', subjectId));
      if (!events.some((e) => e.type === 'PersonalDataErased')) missing.push(subjectId);
    }
    return missing;
  });
};

/** Makes a file's (or a directory's entries') contents durable before the backup is declared complete. */
export const fsyncPath = (path: string): void => {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};
