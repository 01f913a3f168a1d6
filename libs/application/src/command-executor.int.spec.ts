import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readSettings } from '@app/config';
import { APPLICATION_SETTINGS } from './application.settings';
import { generateHistory, PlannedCommand } from '@app/demo';
import { createEventStore, PersonalDataEventStore } from '@app/event-store';
import { AggregateName, CommandOf, definitionOf } from './aggregates';
import { CommandExecutor } from './command-executor';

/** The write path on a real embedded log: what the cached states of commands must never change. */
describe('CommandExecutor with cached states', () => {
  let dir: string;
  let store: PersonalDataEventStore;
  const executor = (stateCacheEvents?: number) =>
    new CommandExecutor(store, readSettings([APPLICATION_SETTINGS], { ...(stateCacheEvents !== undefined && { STATE_CACHE_EVENTS: String(stateCacheEvents) }) }));
  const ctx = (actor: string, idempotencyKey?: string) => ({ actor, correlationId: 'c', causationId: 'c', ...(idempotencyKey && { idempotencyKey }) });
  const history = (leads: number): PlannedCommand[] => [...generateHistory({ seed: 11, leads, start: '2026-01-01', end: '2026-11-20T00:00:00.000Z' })];
  const activity = (leadId: string, activityId: string): CommandOf<'lead'> => {
    const now = new Date().toISOString();
    return { type: 'LogLeadActivity', data: { leadId, activityId, activityType: 'call', outcome: 'Reached the buyer' }, context: { occurredAt: now, now, actor: 'rep-1' } };
  };

  /** The history's first capture, as the command it is. */
  const captureOf = (planned: PlannedCommand[]): { id: string; command: CommandOf<'lead'> } => {
    const found = planned.find((p) => p.command.type === 'CaptureLead')!;
    return { id: found.id, command: found.command as CommandOf<'lead'> };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'executor-'));
    store = await createEventStore({ dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decides a whole history as the history was planned, and its cached states equal states read whole', async () => {
    const cached = executor();
    const planned = history(60);
    const streams = new Map<string, AggregateName>();
    const differing: string[] = [];
    for (const p of planned) {
      const outcome = await cached.executeUntyped({ aggregate: p.aggregate, id: p.id, command: p.command, ctx: ctx(p.command.context.actor) });
      if (!isDeepStrictEqual(outcome.events.map((e) => [e.type, e.data]), p.events.map((e) => [e.type, e.data]))) differing.push(p.key);
      streams.set(p.id, p.aggregate);
    }
    expect(differing).toEqual([]);

    const whole = executor(0);
    const mismatched: string[] = [];
    const compared: AggregateName[] = [];
    for (const [id, aggregate] of streams) {
      if (definitionOf(aggregate).stateHoldsPersonalData) continue;
      compared.push(aggregate);
      const [a, b] = [await cached.loadState(aggregate, id), await whole.loadState(aggregate, id)];
      if (!isDeepStrictEqual(a, b)) mismatched.push(`${aggregate}-${id}`);
    }
    expect(compared.length).toBeGreaterThan(50);
    expect(new Set(compared)).toEqual(new Set(['lead', 'complaint']));
    expect(mismatched).toEqual([]);
  });

  it('reads what another writer appended after the cached revision', async () => {
    const [first, second] = [executor(), executor()];
    const capture = captureOf(history(1));
    await first.execute({ aggregate: 'lead', id: capture.id, command: capture.command, ctx: ctx('rep-1') });
    await first.execute({ aggregate: 'lead', id: capture.id, command: activity(capture.id, 'call-1'), ctx: ctx('rep-1') });
    const theirs = await second.execute({ aggregate: 'lead', id: capture.id, command: activity(capture.id, 'call-2'), ctx: ctx('rep-2') });

    // The activity is known: logging it again records nothing, where a stale state would record it twice.
    const again = await first.execute({ aggregate: 'lead', id: capture.id, command: activity(capture.id, 'call-2'), ctx: ctx('rep-1') });
    expect(again.events).toEqual([]);
    expect(again.revision).toBe(theirs.revision);
    expect((await store.readStream(`lead-${capture.id}`)).map((e) => e.type)).toEqual(['LeadCaptured', 'LeadActivityLogged', 'LeadActivityLogged']);
  });

  it('answers a retried command with its original revision and position, after later commands', async () => {
    const cached = executor();
    const capture = captureOf(history(1));
    const id = capture.id;
    await cached.execute({ aggregate: 'lead', id, command: capture.command, ctx: ctx('rep-1') });
    const original = await cached.execute({ aggregate: 'lead', id, command: activity(id, 'call-1'), ctx: ctx('rep-1', 'key-1') });
    const later = await cached.execute({ aggregate: 'lead', id, command: activity(id, 'call-2'), ctx: ctx('rep-1') });
    expect(later.revision).toBeGreaterThan(original.revision);

    const retried = await cached.execute({ aggregate: 'lead', id, command: activity(id, 'call-1'), ctx: ctx('rep-1', 'key-1') });
    expect(retried).toMatchObject({ revision: original.revision, position: original.position, events: [] });
  });
});
