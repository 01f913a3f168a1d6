import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { ConfigError } from '@app/config';
import { loadConfig } from '../../apps/api/src/api-config';

/** Start-up failures are one line naming the setting (main.ts prints it and exits 1). */
describe('start-up configuration', () => {
  let scratch: string;
  beforeAll(() => (scratch = mkdtempSync(join(tmpdir(), 'l2c-startup-'))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const configError = (env: Record<string, string>): ConfigError => {
    try {
      loadConfig(env);
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
  };

  it('createApp with a DATA_DIR under a regular file rejects with one line starting with DATA_DIR', async () => {
    const file = join(scratch, 'not-a-directory');
    writeFileSync(file, 'x');
    const error: Error = await createApp(loadConfig({ DATA_DIR: join(file, 'data'), LOG_LEVEL: 'error' }), { logger: false }).then(
      () => {
        throw new Error('createApp started on an unusable DATA_DIR');
      },
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^DATA_DIR /);
    expect(error.message).toContain(join(file, 'data'));
    expect(error.message).not.toContain('\n');
  });

  it.each([
    [{ EVENTSTORE_URL: 'http://x' }, 'EVENTSTORE_URL'],
    [{ EVENTSTORE_URL: 'not a url' }, 'EVENTSTORE_URL'],
    [{ MONGODB_URL: 'postgres://db' }, 'MONGODB_URL'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES'],
    [{ COMMAND_CONFLICT_RETRIES: '-1' }, 'COMMAND_CONFLICT_RETRIES'],
    [{ STATE_CACHE_EVENTS: 'many' }, 'STATE_CACHE_EVENTS'],
    [{ IDEMPOTENCY_TTL_HOURS: '1.5' }, 'IDEMPOTENCY_TTL_HOURS'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])('loadConfig(%j) throws a one-line ConfigError naming %s', (env, name) => {
    const error = configError(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message.startsWith(name)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('loadConfig with nothing set gives the embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStoreUrl: undefined, mongodbUrl: undefined, bodyLimitBytes: 256 * 1024, commandConflictRetries: 3, stateCacheEvents: 100_000, logLevel: 'log' });
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
  });
});
