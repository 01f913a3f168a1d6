import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@app/config';
import { WEBHOOK_KEY_FILE, WebhookSecretBox } from './webhook-secret-box';

describe('WebhookSecretBox.fromConfig', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'l2c-webhook-key-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates a key file once in DATA_DIR, readable by its owner only, and keeps using it', () => {
    const sealed = WebhookSecretBox.fromConfig({ dataDir }).seal('whsec_x', 'wh-1');
    const file = join(dataDir, WEBHOOK_KEY_FILE);
    const key = readFileSync(file, 'utf8');
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Another start (or process) on the same DATA_DIR opens what the first sealed.
    expect(WebhookSecretBox.fromConfig({ dataDir }).open(sealed, 'wh-1')).toBe('whsec_x');
    expect(readFileSync(file, 'utf8')).toBe(key);
  });

  it('prefers WEBHOOK_SECRET_KEY and then writes no key file', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const sealed = WebhookSecretBox.fromConfig({ dataDir, webhookSecretKey: key }).seal('whsec_y', 'wh-2');
    expect(WebhookSecretBox.fromConfig({ dataDir: join(dataDir, 'elsewhere'), webhookSecretKey: key }).open(sealed, 'wh-2')).toBe('whsec_y');
    expect(() => statSync(join(dataDir, WEBHOOK_KEY_FILE))).toThrow();
  });

  it('a key file that is not 32 bytes stops the start with a clear message', () => {
    WebhookSecretBox.fromConfig({ dataDir });
    writeFileSync(join(dataDir, WEBHOOK_KEY_FILE), 'c2hvcnQ=');
    expect(() => WebhookSecretBox.fromConfig({ dataDir })).toThrow(ConfigError);
  });
});
