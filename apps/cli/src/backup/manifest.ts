import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../cli-command';
import { BackupRole, DATA_FILES, MANIFEST_FILE } from './backup-files';
import { SQLITE_EVENTS_FILE } from '@app/event-store';

export const MANIFEST_FORMAT = 'lead-to-customer-backup';
export const MANIFEST_VERSION = 1;

export interface BackupFileEntry {
  readonly name: string;
  readonly role: BackupRole;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BackupManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly formatVersion: typeof MANIFEST_VERSION;
  readonly productVersion: string;
  /** When the backup finished (the log's copy is as of `headPosition`). */
  readonly createdAt: string;
  readonly sourceDataDir: string;
  /** Position of the last event in the copied log. */
  readonly headPosition: number;
  /** Files in the order they were copied. */
  readonly files: readonly BackupFileEntry[];
  /** Files of the embedded default that DATA_DIR did not hold (a secret set in the environment instead, a store not yet used). */
  readonly absent: readonly string[];
  /** How often the log and the key store were copied until no erasure fell between the two copies. */
  readonly logAndKeyCopies: number;
  /**
   * Subjects whose key is deleted but whose PersonalDataErased is not in the copied log (an erasure
   * interrupted between its two steps): their data reads "[erased]"; repeat their erasure after the
   * restore so the log records it and the read models are scrubbed.
   */
  readonly unrecordedErasures: readonly string[];
  readonly readModels: string;
}

export const sha256Of = (file: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });

/** Reads and checks the manifest of a backup directory; a directory that is not a backup is refused. */
export const readManifest = (dir: string): BackupManifest => {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new CliError(`${dir} is not a backup: it has no ${MANIFEST_FILE}`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  } catch (error) {
    throw new CliError(`${path} cannot be read as JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) throw new CliError(`${path} is not a lead-to-customer backup manifest`);
  if (manifest.formatVersion !== MANIFEST_VERSION) throw new CliError(`${path} has format version ${manifest.formatVersion}; this version restores ${MANIFEST_VERSION}`);
  // Only the files a backup writes: a name like ../x must never be written outside DATA_DIR.
  const known = new Set(DATA_FILES.map((f) => f.name));
  const unknown = manifest.files.find((f) => !known.has(f.name));
  if (unknown) throw new CliError(`${path} names a file no backup holds: ${JSON.stringify(unknown.name)}`);
  if (!manifest.files.some((f) => f.name === SQLITE_EVENTS_FILE)) throw new CliError(`${path} lists no event log (${SQLITE_EVENTS_FILE})`);
  return manifest;
};

/** The product's version, from the package.json above this file (sources and the built dist alike). */
export const productVersion = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (!existsSync(candidate)) continue;
    const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'lead-to-customer' && pkg.version) return pkg.version;
  }
  return 'unknown';
};
