/**
 * What went wrong in SQLite, in words an operator understands. Shared by the embedded event log,
 * read store and idempotency store, which wrap it in their own port's "unavailable" error.
 *
 * Recognised by the `SQLITE_*` code, not by `instanceof SqliteError`: the native module keeps the
 * error class it was first loaded with, which is not the caller's when modules are loaded twice.
 */
const FAILURES: readonly (readonly [prefix: string, problem: string])[] = [
  ['SQLITE_FULL', 'disk is full'],
  ['SQLITE_IOERR', 'disk I/O error'],
  ['SQLITE_READONLY', 'is read-only'],
  ['SQLITE_CANTOPEN', 'file cannot be opened'],
  ['SQLITE_BUSY', 'is locked by another process'],
  ['SQLITE_LOCKED', 'is locked'],
  ['SQLITE_CORRUPT', 'file is corrupt'],
  ['SQLITE_NOTADB', 'file is not a SQLite database'],
  ['SQLITE_PERM', 'file access denied'],
];

export const sqliteCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
};

/**
 * Why a storage failure happened, when an operator must act rather than wait: `disk_full` (SQLite
 * reports ENOSPC and a full database alike as SQLITE_FULL). The adapters put it on their port's
 * "unavailable" error, so the API can answer 507 without matching message text.
 */
export type StorageFailureReason = 'disk_full';

export const sqliteFailureReason = (error: unknown): StorageFailureReason | undefined =>
  sqliteCode(error) === 'SQLITE_FULL' ? 'disk_full' : undefined;

export const isNoSuchTable = (error: unknown): boolean => sqliteCode(error) !== undefined && /no such table/.test((error as Error).message);

/** The connection is closed (better-sqlite3 reports it as a TypeError). */
export const isClosedConnection = (error: unknown): boolean => error instanceof TypeError && /database connection is not open/i.test(error.message);

/**
 * `what` names the store ("event log", "read store"). Returns the message for a storage failure, or
 * undefined when the error is not one (a bug or a domain error, to pass through unchanged).
 */
export const describeSqliteFailure = (error: unknown, what: string, file: string): string | undefined => {
  const where = file ? ` (${file})` : '';
  const code = sqliteCode(error);
  if (code) {
    const known = FAILURES.find(([prefix]) => code.startsWith(prefix));
    return `${known ? `${what} ${known[1]}` : `${what} error: ${(error as Error).message}`} [${code}]${where}`;
  }
  if (error instanceof TypeError && /^Cannot open database/.test(error.message)) return `${what} file cannot be opened: ${error.message}${where}`;
  return undefined;
};
