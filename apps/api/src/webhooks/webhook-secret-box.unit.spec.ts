import { randomBytes } from 'node:crypto';
import { newWebhookSecret, WebhookSecretBox } from './webhook-secret-box';

describe('WebhookSecretBox', () => {
  const box = new WebhookSecretBox(randomBytes(32));

  it('seals a secret so that only the same key and webhook open it', () => {
    const secret = newWebhookSecret();
    const sealed = box.seal(secret, 'wh-1');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed, 'wh-1')).toBe(secret);
    expect(box.seal(secret, 'wh-1')).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses a sealed secret moved to another webhook, or tampered with', () => {
    const sealed = box.seal(newWebhookSecret(), 'wh-1');
    expect(() => box.open(sealed, 'wh-2')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('something else').toString('base64url');
    expect(() => box.open(parts.join('.'), 'wh-1')).toThrow();
  });

  it('names the key mismatch when the key changed', () => {
    const sealed = box.seal(newWebhookSecret(), 'wh-1');
    expect(() => new WebhookSecretBox(randomBytes(32)).open(sealed, 'wh-1')).toThrow(/sealed with key [0-9a-f]{8}, this process has key [0-9a-f]{8}/);
  });

  it('new secrets are 32 random bytes, never the same', () => {
    const secrets = new Set(Array.from({ length: 50 }, newWebhookSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) expect(Buffer.from(s.slice('whsec_'.length), 'base64url')).toHaveLength(32);
  });
});
