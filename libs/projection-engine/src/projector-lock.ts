import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Exactly one projector may own the embedded read models (DESIGN: one projector per projection): the
 * API or an admin command, never both. Ownership is a lock file in DATA_DIR holding the owner's pid,
 * created exclusively; a lock whose pid is no longer alive is stale and is taken over.
 */
export const PROJECTOR_LOCK_FILE = 'projector.lock';

/** A fresh lock may still be empty for a moment between its creation and the pid being written. */
const EMPTY_LOCK_GRACE_MS = 2_000;

export class ProjectorLockHeldError extends Error {
  constructor(
    /** The owner's pid; 0 when the lock file is still empty (its owner is writing it). */
    readonly pid: number,
    readonly path: string,
  ) {
    super(`the read models are owned by ${pid ? `pid ${pid}` : 'another process'} (lock file ${path})`);
    this.name = 'ProjectorLockHeldError';
  }
}

export interface ProjectorLock {
  readonly path: string;
  /** Gives the read models up; safe to call twice, and never removes a lock another process has taken since. */
  release(): void;
}

export interface ProjectorLockOptions {
  /** The pid written into the lock (default: this process). */
  readonly pid?: number;
  /** Whether a pid is a running process (default: signal 0). */
  readonly isAlive?: (pid: number) => boolean;
}

/** Takes ownership of the read models under `dataDir`, or throws ProjectorLockHeldError naming the owner. */
export const acquireProjectorLock = (dataDir: string, options: ProjectorLockOptions = {}): ProjectorLock => {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? isProcessAlive;
  const path = join(dataDir, PROJECTOR_LOCK_FILE);
  mkdirSync(dataDir, { recursive: true });
  // Two rounds: the second follows the removal of a stale lock (another process may win that race).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${pid}\n`);
      } finally {
        closeSync(fd);
      }
      return ownLock(path, pid);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder === undefined) continue; // removed meanwhile: try again
    if (holder === 0 && Date.now() - modifiedAt(path) < EMPTY_LOCK_GRACE_MS) throw new ProjectorLockHeldError(0, path);
    if (holder !== 0 && isAlive(holder)) throw new ProjectorLockHeldError(holder, path);
    removeIfHeldBy(path, holder);
  }
  throw new ProjectorLockHeldError(readHolder(path) ?? 0, path);
};

const ownLock = (path: string, pid: number): ProjectorLock => {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      removeIfHeldBy(path, pid);
    },
  };
};

/** The pid in the lock file; 0 when it is empty or unreadable as a pid; undefined when there is no file. */
const readHolder = (path: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** When the lock file was last written; 0 (long ago) when it has been removed meanwhile. */
const modifiedAt = (path: string): number => {
  try {
    return statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
};

const removeIfHeldBy = (path: string, pid: number): void => {
  if (readHolder(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};

/** Signal 0 checks existence only; EPERM means it exists but belongs to another user. */
export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
