import { FEED_EVENT_TYPES } from '@app/domain/schemas';
import { RecordedEvent } from '@app/domain/shared';
import { feedFilter, matches, storeFiltersAll, storeQuery } from './feed-event';

const event = (type: string, streamId: string): RecordedEvent => ({
  streamId,
  revision: 0,
  position: 1,
  type,
  version: 1,
  data: {},
  metadata: { eventId: 'e', occurredAt: '', recordedAt: '', actor: 'a', correlationId: 'c', causationId: null },
});

describe('feed filters', () => {
  it('default to every type the feeds carry, which leaves the webhook registrations out', () => {
    const all = feedFilter();
    expect(all.types).toEqual(FEED_EVENT_TYPES);
    expect(matches(all, event('LeadCaptured', 'lead-1'))).toBe(true);
    expect(matches(all, event('WebhookRegistered', 'webhook-1'))).toBe(false);
  });

  it('match any of several stream prefixes; the store filters by one prefix itself', () => {
    const two = feedFilter(['LeadCaptured'], ['lead-a', 'customer-']);
    expect([matches(two, event('LeadCaptured', 'lead-a1')), matches(two, event('LeadCaptured', 'customer-9')), matches(two, event('LeadCaptured', 'lead-b')), matches(two, event('LeadQualified', 'lead-a1'))]).toEqual([true, true, false, false]);
    expect(storeQuery(two)).toEqual({ types: ['LeadCaptured'], streamPrefix: undefined });
    expect(storeFiltersAll(two)).toBe(false);
    const one = feedFilter([], ['lead-a']);
    expect(storeQuery(one)).toEqual({ types: FEED_EVENT_TYPES, streamPrefix: 'lead-a' });
    expect(storeFiltersAll(one)).toBe(true);
  });

  it('drop repeated types and prefixes', () => {
    expect(feedFilter(['LeadCaptured', 'LeadCaptured'], ['lead-', 'lead-'])).toEqual({ types: ['LeadCaptured'], streams: ['lead-'] });
  });
});
