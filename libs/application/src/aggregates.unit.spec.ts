import { isDeepStrictEqual } from 'node:util';
import { generateHistory } from '@app/demo';
import { mapPersonalData, personalDataOf } from '@app/domain/personal-data';
import { Command, Decider, DomainEvent, fold, streamName } from '@app/domain/shared';
import { AGGREGATE_NAMES, AggregateName, definitionOf, upcastEvent } from './aggregates';

/** What a sealed read leaves in a personal field: anything but the text itself. */
const SEALED = 'enc:v1:sealed';
const seal = (event: DomainEvent): DomainEvent => {
  const spec = personalDataOf(event.type, event.version);
  return spec ? { ...event, data: mapPersonalData(spec, event.data, () => SEALED) } : event;
};

/** A deep copy in this realm (structuredClone's objects have another prototype under jest). */
const copy = (value: unknown): unknown => {
  if (value instanceof Set) return new Set([...value].map(copy));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, copy(v)]));
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
};

/** Every stream of a seeded demo history, with the events the deciders appended to it. */
const streams = new Map<string, { aggregate: string; events: DomainEvent[] }>();
for (const planned of generateHistory({ seed: 7, leads: 400, start: '2026-01-01', end: '2026-11-23T00:00:00.000Z' })) {
  const stream = streamName(planned.aggregate, planned.id);
  const entry = streams.get(stream) ?? { aggregate: planned.aggregate, events: [] };
  entry.events.push(...planned.events);
  streams.set(stream, entry);
}
// What the history does not plan: a withdrawal with its note, and a lead captured as v1 (upcast on read).
{
  const [stream, lead] = [...streams].find(([, s]) => s.aggregate === 'lead')!;
  const [captured, ...rest] = lead.events;
  const { consent, ...v1 } = captured.data as { consent: { purposes: string[] } };
  const withdrawal = { leadId: (v1 as { leadId: string }).leadId, purposes: consent.purposes, remainingPurposes: [], note: 'by phone, to Wang Fang', at: '2026-11-20T09:00:00.000Z' };
  streams.set(`${stream}-v1`, { aggregate: 'lead', events: [{ type: 'LeadCaptured', version: 1, data: { ...v1, consentGiven: true } }, ...rest, { type: 'LeadConsentWithdrawn', version: 1, data: withdrawal }] });
}

describe('aggregates whose state holds no personal data', () => {
  const sealedAggregates = AGGREGATE_NAMES.filter((name) => !definitionOf(name).stateHoldsPersonalData);
  // The demo history's plain events, folded by any aggregate's decider: the test compares states, whatever their type.
  const deciderOf = (aggregate: AggregateName) => definitionOf(aggregate).decider as unknown as Decider<Command, unknown, DomainEvent>;

  it('fold to the same state whether their personal texts are open or sealed', () => {
    const differing: string[] = [];
    for (const [stream, { aggregate, events }] of streams) {
      if (!sealedAggregates.includes(aggregate as never)) continue;
      const decider = deciderOf(aggregate as AggregateName);
      const open = fold(decider, events.map((e) => upcastEvent(e)));
      const sealed = fold(decider, events.map((e) => upcastEvent(seal(e))));
      if (!isDeepStrictEqual(open, sealed)) differing.push(stream);
    }
    expect(differing).toEqual([]);
  });

  it('evolve into new states and never change the one they are given (commands share cached states)', () => {
    const changed = new Set<string>();
    for (const [stream, { aggregate, events }] of streams) {
      if (!sealedAggregates.includes(aggregate as never)) continue;
      const decider = deciderOf(aggregate as AggregateName);
      let state = decider.initialState;
      for (const event of events.map((e) => upcastEvent(e))) {
        const given = state;
        const before = copy(given);
        state = decider.evolve(given, event);
        if (!isDeepStrictEqual(given, before)) changed.add(`${stream} ${event.type}`);
      }
    }
    expect([...changed]).toEqual([]);
  });

  it('are checked against every event type with personal data they are given', () => {
    // A new event type with personal data must appear here, so the fold above covers it.
    const seen = new Map<string, Set<string>>();
    for (const { aggregate, events } of streams.values()) {
      for (const event of events) {
        if (!personalDataOf(event.type, event.version)) continue;
        seen.set(aggregate, (seen.get(aggregate) ?? new Set()).add(`${event.type}@${event.version}`));
      }
    }
    expect(Object.fromEntries(sealedAggregates.map((name) => [name, [...(seen.get(name) ?? [])].sort()]))).toEqual({
      lead: ['LeadActivityLogged@1', 'LeadCaptured@1', 'LeadCaptured@2', 'LeadConsentWithdrawn@1', 'LeadQualified@1'],
      complaint: ['ComplaintLogged@1', 'SatisfactionRecorded@1'],
      webhook: [],
      apikey: [],
    });
  });

  it('leave out the customer, whose file keeps the name and contacts', () => {
    const customers = [...streams].filter(([, s]) => s.aggregate === 'customer');
    expect(customers.length).toBeGreaterThan(0);
    const [, { events }] = customers[0];
    const decider = deciderOf('customer');
    const open = fold(decider, events.map((e) => upcastEvent(e)));
    const sealed = fold(decider, events.map((e) => upcastEvent(seal(e))));
    expect(isDeepStrictEqual(open, sealed)).toBe(false);
    expect(definitionOf('customer').stateHoldsPersonalData).toBe(true);
  });
});
