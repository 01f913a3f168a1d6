import { EventStore, EventStoreUnavailableError, WrongExpectedRevisionError } from '@app/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../support/test-app';

/** The log refuses the first admin key's append with `failure`; everything else is written as usual. */
const failingFirstKey = (failure: () => Error) => <A extends { eventStore: EventStore }>(opened: A): A => {
  const store = opened.eventStore;
  const failing: EventStore = Object.create(store, {
    append: {
      value: (streamId: string, ...rest: unknown[]) =>
        streamId === 'apikey-first-admin' ? Promise.reject(failure()) : (store.append as (...args: unknown[]) => unknown).call(store, streamId, ...rest),
    },
  });
  return { ...opened, eventStore: failing };
};

const quietly = async <T>(start: () => Promise<T>): Promise<{ value?: T; error?: unknown; printed: string }> => {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write);
  try {
    return { value: await start(), printed: chunks.join('') };
  } catch (error) {
    return { error, printed: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
};

describe('the first admin key, when the log cannot take it', () => {
  const env = { BOOTSTRAP_ADMIN_KEY: '' };

  it('a full disk stops the start with the store’s own error; no key is printed', async () => {
    const diskFull = new EventStoreUnavailableError('event log disk is full', undefined, 'disk_full');
    const dataDir = mkdtempSync(join(tmpdir(), 'l2c-e2e-'));
    const { value, error, printed } = await quietly(() => startTestApp({ dataDir, env, adapters: failingFirstKey(() => diskFull) }));
    await value?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    expect(error).toBe(diskFull);
    expect(printed).not.toMatch(/X-API-Key|l2c_/);
  });

  it('another instance having issued it first is a normal start; this one prints nothing', async () => {
    const { value, error, printed } = await quietly(() =>
      startTestApp({ env, adapters: failingFirstKey(() => new WrongExpectedRevisionError('apikey-first-admin', -1, 0)) }),
    );
    try {
      expect(error).toBeUndefined();
      expect(printed).not.toMatch(/X-API-Key|l2c_/);
      await value!.anonymous.get('/health/live').expect(200);
    } finally {
      await value?.destroy();
    }
  });
});
