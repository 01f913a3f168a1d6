import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireProjectorLock, isProcessAlive, PROJECTOR_LOCK_FILE, ProjectorLockHeldError } from './projector-lock';

/** The pid of a process that has already exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(isProcessAlive(child.pid!)).toBe(false);
  return child.pid!;
};

const heldBy = (fn: () => unknown): ProjectorLockHeldError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProjectorLockHeldError) return error;
    throw error;
  }
  throw new Error('expected ProjectorLockHeldError');
};

describe('acquireProjectorLock', () => {
  let dataDir: string;
  let lockFile: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'projector-lock-'));
    lockFile = join(dataDir, PROJECTOR_LOCK_FILE);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes the pid into <dataDir>/projector.lock and refuses a second acquisition while held', () => {
    const lock = acquireProjectorLock(dataDir);
    expect(lock.path).toBe(lockFile);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));

    const error = heldBy(() => acquireProjectorLock(dataDir));
    expect(error.pid).toBe(process.pid);
    expect(error.path).toBe(lockFile);
    expect(error.message).toContain(`pid ${process.pid}`);

    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    acquireProjectorLock(dataDir).release();
  });

  it('takes over a stale lock whose pid is not alive', () => {
    writeFileSync(lockFile, `${deadPid()}\n`);
    const lock = acquireProjectorLock(dataDir);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('refuses a lock held by another live process and leaves it alone', () => {
    writeFileSync(lockFile, `${process.ppid}\n`);
    expect(heldBy(() => acquireProjectorLock(dataDir)).pid).toBe(process.ppid);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.ppid));
  });

  it('treats a fresh empty lock as being written by its owner, an old empty one as stale', () => {
    writeFileSync(lockFile, '');
    expect(heldBy(() => acquireProjectorLock(dataDir)).pid).toBe(0);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lockFile, anHourAgo, anHourAgo);
    acquireProjectorLock(dataDir).release();
  });

  it('releases only its own lock, once', () => {
    const lock = acquireProjectorLock(dataDir);
    // Someone took over meanwhile (e.g. after this process was thought dead): their lock stays.
    writeFileSync(lockFile, `${process.ppid}\n`);
    lock.release();
    lock.release();
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.ppid));
  });

  it('creates the data directory when it does not exist yet', () => {
    const nested = join(dataDir, 'not', 'yet');
    const lock = acquireProjectorLock(nested, { pid: 4242, isAlive: () => true });
    expect(readFileSync(join(nested, PROJECTOR_LOCK_FILE), 'utf8').trim()).toBe('4242');
    expect(heldBy(() => acquireProjectorLock(nested, { isAlive: (pid) => pid === 4242 })).pid).toBe(4242);
    lock.release();
  });
});
