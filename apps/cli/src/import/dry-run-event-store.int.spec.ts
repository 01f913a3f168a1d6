import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, EventStore, NewEvent, WrongExpectedRevisionError } from '@app/event-store';
import { DryRunEventStore } from './dry-run-event-store';

const event = (id: string): NewEvent => ({
  type: 'Noted',
  version: 1,
  data: { id },
  metadata: { eventId: id, occurredAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z', actor: 't', correlationId: 't', causationId: null },
});

describe('DryRunEventStore', () => {
  let dir: string;
  let log: EventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dry-run-store-'));
    log = await createEventStore({ dataDir: dir });
    await log.append('a-1', [event('e1'), event('e2')], 'no_stream');
  });
  afterAll(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows appends to its readers, with revisions and positions after the real ones, and never to the real log', async () => {
    const dry = new DryRunEventStore(log);
    expect(await dry.append('a-1', [event('e3')], 1)).toEqual({ revision: 2, position: 3 });
    expect(await dry.append('b-1', [event('e4'), event('e5')], 'no_stream')).toEqual({ revision: 1, position: 5 });
    expect((await dry.readStream('a-1')).map((e) => [e.metadata.eventId, e.revision, e.position])).toEqual([
      ['e1', 0, 1],
      ['e2', 1, 2],
      ['e3', 2, 3],
    ]);
    expect((await dry.readStream('a-1', { direction: 'backwards', maxCount: 2 })).map((e) => e.revision)).toEqual([2, 1]);
    expect((await dry.readStream('a-1', { fromRevision: 1, maxCount: 1 })).map((e) => e.revision)).toEqual([1]);
    expect(await dry.headPosition()).toBe(5);
    expect(dry.appendedCount).toBe(3);
    await dry.close();

    expect(await log.headPosition()).toBe(2);
    expect(await log.readStream('b-1')).toEqual([]);
  });

  it('checks the expected revision against the real and the pending events, as the real log would', async () => {
    const dry = new DryRunEventStore(log);
    await expect(dry.append('a-1', [event('x')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(dry.append('a-1', [event('x')], 0)).rejects.toMatchObject({ actual: 1 });
    await dry.append('a-1', [event('x')], 1);
    await expect(dry.append('a-1', [event('y')], 1)).rejects.toMatchObject({ actual: 2 });
    // Two appends racing on one revision: exactly one wins.
    const raced = await Promise.allSettled([dry.append('c-1', [event('p')], 'no_stream'), dry.append('c-1', [event('q')], 'no_stream')]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});
