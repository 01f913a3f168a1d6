import { SQLITE_EVENTS_FILE, SQLITE_SUBJECT_KEYS_FILE, PERSONAL_DATA_HASH_KEY_FILE } from '@app/event-store';
import { SQLITE_READ_MODELS_FILE } from '@app/read-store';

export type BackupRole = 'read-models' | 'idempotency' | 'event-log' | 'subject-keys' | 'secret';

export interface DataFile {
  readonly name: string;
  readonly role: BackupRole;
  /** A SQLite database (copied with SQLite's online backup) or a small file written once (copied as it is). */
  readonly kind: 'sqlite' | 'file';
}

/** Files the API writes (the command line imports nothing of the API): its idempotency records (the API's adapters.ts) and the key that seals webhook secrets (its webhook-secret-box.ts). */
export const IDEMPOTENCY_FILE = 'idempotency.sqlite3';
export const WEBHOOK_KEY_FILE = 'webhook-secret.key';

/**
 * Everything the embedded default keeps in DATA_DIR, in the order a backup copies it (see
 * take-backup.ts for why this order). The projector lock is not data: it names a running process.
 */
export const DATA_FILES: readonly DataFile[] = [
  { name: SQLITE_READ_MODELS_FILE, role: 'read-models', kind: 'sqlite' },
  { name: IDEMPOTENCY_FILE, role: 'idempotency', kind: 'sqlite' },
  { name: SQLITE_EVENTS_FILE, role: 'event-log', kind: 'sqlite' },
  { name: SQLITE_SUBJECT_KEYS_FILE, role: 'subject-keys', kind: 'sqlite' },
  { name: WEBHOOK_KEY_FILE, role: 'secret', kind: 'file' },
  { name: PERSONAL_DATA_HASH_KEY_FILE, role: 'secret', kind: 'file' },
];

/** Files SQLite keeps beside a database while it is open or after a crash; a restore must not leave old ones beside new data. */
export const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'] as const;

export const MANIFEST_FILE = 'manifest.json';
