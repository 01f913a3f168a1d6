import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { acquireProjectorLock, PROJECTOR_LOCK_FILE, ProjectorLock, ProjectorLockHeldError } from '@app/projection-engine';
import { CliError } from '../cli-command';
import { DATA_FILES, SQLITE_SIDECARS } from './backup-files';
import { BackupManifest, readManifest, sha256Of } from './manifest';
import { fsyncPath } from './take-backup';

export interface RestoreOptions {
  readonly source: string;
  readonly dataDir: string;
  /** Replace the files of a DATA_DIR that is not empty (never one in use). */
  readonly force: boolean;
}

/**
 * Restores a backup into DATA_DIR: the backup is checked first (every file against the manifest's
 * size and checksum), then DATA_DIR is taken with the projector lock (the API and the admin commands
 * that keep the read models hold it) so nothing starts on it meanwhile, and the files are copied in
 * beside it, checked again, and renamed into place.
 */
export const restoreBackup = async (options: RestoreOptions): Promise<BackupManifest> => {
  const source = resolve(options.source);
  const dataDir = resolve(options.dataDir);
  const manifest = readManifest(source);
  for (const file of manifest.files) await verify(join(source, file.name), file, `backup ${source} is damaged`);

  const lock = takeDataDir(dataDir);
  try {
    const present = readdirSync(dataDir).filter((name) => name !== PROJECTOR_LOCK_FILE);
    if (present.length > 0 && !options.force) {
      throw new CliError(`DATA_DIR ${dataDir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}); restore into an empty DATA_DIR, or add --force to replace its files`);
    }
    const staging = join(dataDir, `.restore-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    try {
      for (const file of manifest.files) {
        const copy = join(staging, file.name);
        copyFileSync(join(source, file.name), copy);
        await verify(copy, file, 'the copy in DATA_DIR differs from the backup');
        if (file.role === 'secret') chmodSync(copy, 0o600);
        fsyncPath(copy);
      }
      // Every file of the embedded stores goes, with SQLite's files beside them: an old -wal beside a restored database would be replayed into it.
      for (const { name } of DATA_FILES) for (const suffix of ['', ...SQLITE_SIDECARS]) rmSync(join(dataDir, name + suffix), { force: true });
      for (const file of manifest.files) renameSync(join(staging, file.name), join(dataDir, file.name));
      fsyncPath(dataDir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    return manifest;
  } finally {
    lock.release();
  }
};

const takeDataDir = (dataDir: string): ProjectorLock => {
  try {
    return acquireProjectorLock(dataDir);
  } catch (error) {
    if (error instanceof ProjectorLockHeldError) {
      throw new CliError(`DATA_DIR ${dataDir} is in use by ${error.pid ? `pid ${error.pid}` : 'another process'} (the API or an admin command); stop it before restoring`);
    }
    throw new CliError(`DATA_DIR ${dataDir} cannot be written: ${(error as Error).message.split('\n')[0]}`);
  }
};

const verify = async (path: string, expected: { readonly name: string; readonly bytes: number; readonly sha256: string }, what: string): Promise<void> => {
  if (!existsSync(path)) throw new CliError(`${what}: ${expected.name} is missing; nothing restored`);
  const bytes = statSync(path).size;
  if (bytes !== expected.bytes) throw new CliError(`${what}: ${expected.name} has ${bytes} bytes, the manifest says ${expected.bytes}; nothing restored`);
  if ((await sha256Of(path)) !== expected.sha256) throw new CliError(`${what}: ${expected.name} does not match its checksum in the manifest; nothing restored`);
};
