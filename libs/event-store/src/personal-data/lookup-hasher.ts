import { createHmac } from 'node:crypto';
import { keyFromSettingOrFile } from '@app/config';
import { LookupKind } from '@app/domain/personal-data';

/** Generated once in DATA_DIR when PERSONAL_DATA_HASH_KEY is not set. */
export const PERSONAL_DATA_HASH_KEY_FILE = 'personal-data-hash.key';

/**
 * Keyed hashes (HMAC-SHA256) of normalized phones and e-mails: what lookups match on, so no store
 * keeps an index of them in plain text, and without the key nobody can test a guessed number.
 */
export class LookupHasher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a personal-data hash key has 32 bytes');
  }

  static fromConfig(config: { readonly personalDataHashKey?: string; readonly dataDir: string }): LookupHasher {
    return new LookupHasher(
      keyFromSettingOrFile({ value: config.personalDataHashKey, setting: 'PERSONAL_DATA_HASH_KEY', dataDir: config.dataDir, file: PERSONAL_DATA_HASH_KEY_FILE, purpose: 'personal-data hash' }),
    );
  }

  /** `value` normalized (normalizeLookup); hex. */
  hash(kind: LookupKind, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${value}`, 'utf8').digest('hex');
  }
}
