import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { keyFromSettingOrFile } from '@app/config';

/** Generated once in DATA_DIR when WEBHOOK_SECRET_KEY is not set. */
export const WEBHOOK_KEY_FILE = 'webhook-secret.key';
const FORMAT = 'v1';

/**
 * Seals webhook signing secrets for the log (AES-256-GCM): the log keeps every registration, so a
 * rebuilt dispatcher can still sign, but never a secret in plain text. The webhook id is bound in as
 * associated data, so a sealed secret cannot be moved to another webhook. Sealed form:
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url); the key id names the key that sealed it, so a
 * wrong key is reported as such instead of as a broken signature.
 */
export class WebhookSecretBox {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a webhook secret key has 32 bytes');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  /** WEBHOOK_SECRET_KEY, else the key file in DATA_DIR (created on first use, readable by this user only). */
  static fromConfig(config: { readonly webhookSecretKey?: string; readonly dataDir: string }): WebhookSecretBox {
    return new WebhookSecretBox(
      keyFromSettingOrFile({ value: config.webhookSecretKey, setting: 'WEBHOOK_SECRET_KEY', dataDir: config.dataDir, file: WEBHOOK_KEY_FILE, purpose: 'webhook' }),
    );
  }

  seal(secret: string, webhookId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(webhookId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, this.keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string, webhookId: string): string {
    const [format, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || !ciphertext) throw new Error(`webhook ${webhookId}: the sealed secret is not in the ${FORMAT} format`);
    if (keyId !== this.keyId) throw new Error(`webhook ${webhookId}: its secret was sealed with key ${keyId}, this process has key ${this.keyId} (WEBHOOK_SECRET_KEY or ${WEBHOOK_KEY_FILE} changed)`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(webhookId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** A new signing secret: 32 random bytes, shown to the registering client once. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
