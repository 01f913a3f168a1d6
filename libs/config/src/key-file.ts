import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './settings';

export interface KeySource {
  /** The key from its setting (base64), already validated by loadConfig; unset: the key file. */
  readonly value?: string;
  /** The setting's name, for the messages (`WEBHOOK_SECRET_KEY`). */
  readonly setting: string;
  readonly dataDir: string;
  /** The key file's name in dataDir. */
  readonly file: string;
  /** What the key is for, in the messages ("webhook"). */
  readonly purpose: string;
}

const KEY_BYTES = 32;

/**
 * A 32-byte key: from its setting, else from a file in DATA_DIR generated on first use (readable by
 * this user only). One process or many on the same DATA_DIR read the same key.
 */
export const keyFromSettingOrFile = ({ value, setting, dataDir, file: name, purpose }: KeySource): Buffer => {
  if (value) return Buffer.from(value, 'base64');
  const file = join(dataDir, name);
  try {
    mkdirSync(dataDir, { recursive: true });
    // 'wx': of two processes starting at once, one creates the key and both then read the same one.
    writeFileSync(file, randomBytes(KEY_BYTES).toString('base64'), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError(`cannot create the ${purpose} key file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set ${setting} instead`);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new ConfigError(`the ${purpose} key file ${file} does not hold ${KEY_BYTES} bytes in base64`);
  return key;
};
