import { RecordedEvent } from '@app/domain/shared';
import { CliError } from './cli-command';
import { matchesQuery, parseBound, parseEventQuery } from './event-range';

const event = (overrides: Partial<RecordedEvent> & { occurredAt?: string } = {}): RecordedEvent => ({
  streamId: 'lead-1',
  revision: 0,
  position: 10,
  type: 'LeadCaptured',
  version: 2,
  data: {},
  metadata: { eventId: 'e', occurredAt: overrides.occurredAt ?? '2026-03-15T12:00:00.000Z', recordedAt: '2026-03-15T12:00:00.000Z', actor: 'a', correlationId: 'c', causationId: null },
  ...overrides,
});

describe('event range', () => {
  it('reads digits as a log position, a date as a UTC day (--to includes it), a date-time with its zone as an instant', () => {
    expect(parseBound('1200', 'from')).toEqual({ position: 1200 });
    expect(parseBound('2026-03-01', 'from')).toEqual({ time: Date.parse('2026-03-01T00:00:00Z') });
    expect(parseBound('2026-03-31', 'to')).toEqual({ time: Date.parse('2026-04-01T00:00:00Z') });
    expect(parseBound('2026-03-01T08:00:00+08:00', 'to')).toEqual({ time: Date.parse('2026-03-01T00:00:00Z') });
  });

  it('refuses anything else as a usage error', () => {
    for (const raw of ['', 'yesterday', '2026-02-30', '2026-3-1', '2026-03-01T08:00:00', '-5', '1e3', '12.5']) {
      expect(() => parseBound(raw, 'from')).toThrow(CliError);
      try {
        parseBound(raw, 'from');
      } catch (error) {
        expect((error as CliError).exitCode).toBe(2);
      }
    }
  });

  it('builds the query from the flags, with lists and a check that the range is not empty', () => {
    expect(parseEventQuery({ from: '5', to: '2026-04-30', types: 'LeadCaptured, ComplaintLogged,', streams: 'lead-' })).toEqual({
      fromPosition: 5,
      fromTime: undefined,
      toPosition: undefined,
      toTime: Date.parse('2026-05-01T00:00:00Z'),
      types: ['LeadCaptured', 'ComplaintLogged'],
      streamPrefixes: ['lead-'],
    });
    expect(() => parseEventQuery({ from: '9', to: '8' })).toThrow('--from (9) must not be after --to (8)');
    expect(() => parseEventQuery({ from: '2026-05-01', to: '2026-04-30' })).toThrow('must lie before --to');
    expect(parseEventQuery({ from: '8', to: '8' })).toMatchObject({ fromPosition: 8, toPosition: 8 });
  });

  it('matches on type, any stream prefix and business time (from inclusive, to exclusive)', () => {
    const e = event({ streamId: 'complaint-7', type: 'ComplaintLogged', occurredAt: '2026-03-31T23:59:59.999Z' });
    expect(matchesQuery(e, {})).toBe(true);
    expect(matchesQuery(e, { types: ['LeadCaptured'] })).toBe(false);
    expect(matchesQuery(e, { streamPrefixes: ['lead-', 'complaint-'] })).toBe(true);
    expect(matchesQuery(e, { streamPrefixes: ['customer-'] })).toBe(false);
    expect(matchesQuery(e, parseEventQuery({ from: '2026-03-01', to: '2026-03-31' }))).toBe(true);
    expect(matchesQuery(event({ occurredAt: '2026-04-01T00:00:00.000Z' }), parseEventQuery({ to: '2026-03-31' }))).toBe(false);
    expect(matchesQuery(event({ occurredAt: '2026-03-01T00:00:00.000Z' }), parseEventQuery({ from: '2026-03-01' }))).toBe(true);
    expect(matchesQuery(event({ occurredAt: '2026-02-28T23:59:59.999Z' }), parseEventQuery({ from: '2026-03-01' }))).toBe(false);
  });
});
