import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import { EVENT_CONTRACTS, FEED_EVENT_TYPES } from '@app/domain/schemas';
import { EVENT_STORE, EventStore, NewEvent } from '@app/event-store';
import { EventStreams } from '../../apps/api/src/events/stream-events/event-streams.service';
import { errorFields, eventually, expectProblem, history, uid } from '../support/e2e';
import { personLead } from '../support/fixtures';
import { listen, SseClient } from '../support/sse-client';
import { startTestApp, TestApp } from '../support/test-app';
import { LOCAL_RECEIVERS } from '../support/webhook-receiver';

type FeedEvent = { position: number; streamId: string; revision: number; type: string; version: number; data: Record<string, any>; metadata: Record<string, any> };

const metadata = (occurredAt = new Date().toISOString()) => ({ eventId: randomUUID(), occurredAt, recordedAt: occurredAt, actor: 'legacy-import', correlationId: randomUUID(), causationId: null });

/** A lead as version 1 stored it: a single yes/no for consent. */
const leadCapturedV1 = (leadId: string, consentGiven: boolean, notes?: string): NewEvent => ({
  type: 'LeadCaptured',
  version: 1,
  data: {
    leadId,
    kind: 'person',
    name: 'Wang Fang',
    contacts: { phones: ['+86 138 0000 0000'], emails: [] },
    source: 'telemarketing',
    ownerId: 'rep-1',
    teamId: 'team-1',
    productInterest: ['printer'],
    consentGiven,
    ...(notes === undefined ? {} : { notes }),
    at: '2023-05-01T08:00:00.000Z',
  },
  metadata: metadata('2023-05-01T08:00:00.000Z'),
});

describe('event feeds: contracts, pull feed, Server-Sent Events', () => {
  let t: TestApp;
  let base: string;
  const store = () => t.app.get<EventStore>(EVENT_STORE);
  const streams: SseClient[] = [];
  const openStream = (path: string, headers: Record<string, string> = {}) => {
    const client = SseClient.open(base, path, headers);
    streams.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { SSE_HEARTBEAT_MS: '100', ...LOCAL_RECEIVERS } });
    base = await listen(t.app);
  });
  afterEach(() => streams.splice(0).forEach((s) => s.close()));
  afterAll(() => t.destroy());

  const captureLead = async (overrides: Record<string, unknown> = {}) => {
    const id = uid('lead');
    const res = await t.http.post('/leads').send(personLead({ id, ...overrides })).expect(201);
    return { id, position: res.body.position as number };
  };
  const logActivity = async (id: string, outcome: string) =>
    (await t.http.post(`/leads/${id}/activities`).send({ activityId: uid('call'), activityType: 'call', outcome }).expect(201)).body.position as number;
  /** Every event of the feed with these parameters, page by page. */
  const pullAll = async (query: string, limit = 3): Promise<{ events: FeedEvent[]; pages: number }> => {
    const events: FeedEvent[] = [];
    let after = 0;
    for (let pages = 1; ; pages++) {
      const res = await t.http.get(`/events?after=${after}&limit=${limit}${query ? `&${query}` : ''}`).expect(200);
      events.push(...res.body.events);
      expect(res.body.nextAfter).toBeGreaterThanOrEqual(after);
      after = res.body.nextAfter;
      if (after === res.body.headPosition) return { events, pages };
      if (pages > 1000) throw new Error('the feed does not end');
    }
  };

  describe('contracts', () => {
    it('GET /events/schemas lists every type and version (the old LeadCaptured v1 too) with links', async () => {
      const res = await t.http.get('/events/schemas').expect(200);
      expect(res.body.asyncapi).toBe('/events/asyncapi.json');
      expect(res.body.items).toHaveLength(EVENT_CONTRACTS.length);
      expect(res.body.items).toEqual(
        expect.arrayContaining([
          { type: 'LeadCaptured', version: 1, current: false, inFeeds: true, id: 'urn:lead-to-customer:event:LeadCaptured:1', links: { schema: '/events/schemas/LeadCaptured/1' } },
          { type: 'LeadCaptured', version: 2, current: true, inFeeds: true, id: 'urn:lead-to-customer:event:LeadCaptured:2', links: { schema: '/events/schemas/LeadCaptured/2' } },
          expect.objectContaining({ type: 'WebhookRegistered', version: 1, inFeeds: false }),
        ]),
      );
      for (const item of res.body.items as { links: { schema: string }; type: string; version: number }[]) {
        const schema = await t.http.get(item.links.schema).expect(200);
        expect(schema.headers['content-type']).toMatch(/^application\/schema\+json/);
        expect(schema.body).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', title: `${item.type} v${item.version}`, properties: { type: { const: item.type }, version: { const: item.version } } });
      }
    });

    it('an unknown type or version is a 404 problem', async () => {
      expectProblem(await t.http.get('/events/schemas/LeadCaptured/3'), 404, 'EVENT_SCHEMA_NOT_FOUND');
      expectProblem(await t.http.get('/events/schemas/NoSuchEvent/1'), 404, 'EVENT_SCHEMA_NOT_FOUND');
      expectProblem(await t.http.get('/events/schemas/LeadCaptured/v2'), 404, 'EVENT_SCHEMA_NOT_FOUND');
    });

    it('GET /events/asyncapi.json describes the SSE stream and the signed webhooks with the same schemas', async () => {
      const doc = (await t.http.get('/events/asyncapi.json').expect(200)).body;
      expect(doc.asyncapi).toBe('3.0.0');
      expect(doc.channels.eventStream).toMatchObject({ address: '/events/stream', servers: [{ $ref: '#/servers/api' }] });
      expect(doc.channels.webhook).toMatchObject({ address: null, servers: [{ $ref: '#/servers/subscriber' }] });
      expect(doc.operations).toMatchObject({
        streamEvents: { action: 'send', channel: { $ref: '#/channels/eventStream' } },
        deliverWebhook: { action: 'send', channel: { $ref: '#/channels/webhook' }, bindings: { http: { method: 'POST' } } },
      });
      expect(Object.keys(doc.channels.eventStream.messages).sort()).toEqual([...FEED_EVENT_TYPES].sort());
      expect(Object.keys(doc.channels.webhook.messages).sort()).toEqual([...FEED_EVENT_TYPES].sort());
      const resolve = (ref: string) => ref.slice(2).split('/').reduce((node: any, key) => node[key], doc);
      for (const type of FEED_EVENT_TYPES) {
        const current = EVENT_CONTRACTS.find((c) => c.type === type && c.current)!;
        const sse = resolve(doc.channels.eventStream.messages[type].$ref);
        const webhook = resolve(doc.channels.webhook.messages[type].$ref);
        const published = (await t.http.get(`/events/schemas/${type}/${current.version}`).expect(200)).body;
        expect(resolve(sse.payload.$ref)).toEqual({ schemaFormat: 'application/schema+json;version=draft-07', schema: published });
        expect(webhook.payload).toEqual(sse.payload);
        const headers = resolve(resolve(webhook.traits[0].$ref).headers.$ref);
        expect(headers.required).toEqual(expect.arrayContaining(['X-Signature', 'X-Event-Id', 'X-Event-Type', 'X-Delivery-Attempt']));
        expect(sse.traits).toBeUndefined();
      }
    });
  });

  describe('an event stored in its old shape', () => {
    it('LeadCaptured v1 appended straight to the log reads as v2 in the history, the pull feed and the stream', async () => {
      const leadId = uid('legacy');
      const { position } = await store().append(`lead-${leadId}`, [leadCapturedV1(leadId, true)], 'no_stream');
      const ajv = new Ajv({ strict: true });
      const v2 = ajv.compile(EVENT_CONTRACTS.find((c) => c.type === 'LeadCaptured' && c.version === 2)!.schema);

      const [entry] = await history(t.http, 'leads', leadId);
      expect(entry).toMatchObject({ type: 'LeadCaptured', version: 2, data: { leadId, consent: { purposes: ['sales_contact'] } } });
      expect(entry.data).not.toHaveProperty('consentGiven');

      const pulled = (await t.http.get(`/events?after=0&streams=lead-${leadId}`).expect(200)).body.events as FeedEvent[];
      expect(pulled).toHaveLength(1);
      expect(pulled[0]).toMatchObject({ position, streamId: `lead-${leadId}`, revision: 0, type: 'LeadCaptured', version: 2, data: { consent: { purposes: ['sales_contact'] } } });
      expect(v2(pulled[0])).toBe(true);

      const sse = openStream(`/events/stream?after=0&streams=lead-${leadId}`);
      await sse.until('the legacy event on the stream', () => sse.events.length === 1);
      expect(sse.events[0]).toEqual({ id: position, type: 'LeadCaptured', event: pulled[0] });
    });
  });

  describe('GET /events (pull)', () => {
    it('pages through the log in global order, each event once, upcast, with nextAfter and headPosition', async () => {
      const a = await captureLead();
      const b = await captureLead();
      await logActivity(a.id, 'first call');
      await logActivity(b.id, 'first call');
      const head = (await t.http.get('/events?limit=1').expect(200)).body.headPosition;

      const { events, pages } = await pullAll('', 2);
      const positions = events.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions[positions.length - 1]).toBeLessThanOrEqual(head);
      expect(pages).toBeGreaterThan(1);
      // Everything in the log a feed may carry, nothing else (raw log read straight from the store).
      const log = (await store().readAll()).filter((e) => (FEED_EVENT_TYPES as readonly string[]).includes(e.type));
      expect(positions).toEqual(log.map((e) => e.position));
      expect(events.every((e) => e.version === EVENT_CONTRACTS.find((c) => c.type === e.type && c.current)!.version)).toBe(true);
      expect(events.filter((e) => e.streamId === `lead-${a.id}`).map((e) => e.type)).toEqual(['LeadCaptured', 'LeadActivityLogged']);
    });

    it('filters by type and by stream prefixes (one or several)', async () => {
      const a = await captureLead();
      const b = await captureLead();
      const c = await captureLead();
      await logActivity(a.id, 'a');
      await logActivity(b.id, 'b');
      await logActivity(c.id, 'c');

      const activities = (await pullAll('types=LeadActivityLogged')).events;
      expect(activities.length).toBeGreaterThanOrEqual(3);
      expect(activities.every((e) => e.type === 'LeadActivityLogged')).toBe(true);

      const one = (await pullAll(`streams=lead-${a.id}`)).events;
      expect(one.map((e) => [e.streamId, e.type])).toEqual([
        [`lead-${a.id}`, 'LeadCaptured'],
        [`lead-${a.id}`, 'LeadActivityLogged'],
      ]);

      const two = (await pullAll(`streams=lead-${a.id},lead-${c.id}&types=LeadActivityLogged`, 1)).events;
      expect(two.map((e) => e.streamId)).toEqual([`lead-${a.id}`, `lead-${c.id}`]);
      const repeated = (await pullAll(`streams=lead-${a.id}&streams=lead-${c.id}&types=LeadActivityLogged`, 1)).events;
      expect(repeated).toEqual(two);
    });

    it('never hands out the webhooks’ own registrations', async () => {
      await t.http.post('/webhooks').send({ url: 'http://127.0.0.1:9/never' }).expect(201);
      const { events } = await pullAll('streams=webhook-', 50);
      expect(events).toEqual([]);
      const all = (await pullAll('', 200)).events;
      expect(all.some((e) => e.type.startsWith('Webhook'))).toBe(false);
    });

    it('an `after` that is no event\'s position (made up by a client) reads from that point on, or is a 400: never a 500', async () => {
      const a = await captureLead();
      const b = await captureLead();
      const events = (await pullAll('', 200)).events.filter((e) => e.position <= b.position);
      const positions = events.map((e) => e.position);
      expect(positions).toContain(a.position);
      // Numbers no event has: past the head, and, where positions lie apart, one between two events
      // (made up on purpose, as a client might).
      const gap = positions.findIndex((p, i) => i + 1 < positions.length && positions[i + 1] > p + 1);
      const invented = [999_999_999_999_999, ...(gap >= 0 ? [positions[gap] + 1] : [])];
      for (const after of invented) {
        const res = await t.http.get(`/events?after=${after}&limit=200`);
        if (res.status === 400) {
          expectProblem(res, 400, 'VALIDATION_FAILED');
          continue;
        }
        expect(res.status).toBe(200);
        const read = (res.body.events as FeedEvent[]).map((e) => e.position).filter((p) => p <= b.position);
        expect(read).toEqual(positions.filter((p) => p > after));
      }
    });

    it.each([
      ['after=-1', 'after'],
      ['after=abc', 'after'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['types=LeadCaptured,NoSuchType', 'types'],
      ['types=WebhookRegistered', 'types'],
      ['streams=lead-%25', 'streams'],
      ['unknown=1', 'unknown'],
    ])('?%s is a 400 naming %s', async (query, field) => {
      const res = await t.http.get(`/events?${query}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toContain(field);
    });
  });

  describe('GET /events/stream (Server-Sent Events)', () => {
    it('streams the log, then live events, as id/event/data frames equal to the pull feed', async () => {
      const lead = await captureLead();
      const sse = openStream(`/events/stream?streams=lead-${lead.id}`);
      await sse.until('the captured lead', () => sse.events.length === 1);
      expect(sse.status).toBe(200);
      expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
      const live = await logActivity(lead.id, 'live call');
      await sse.until('the live activity', () => sse.events.length === 2);
      const pulled = (await t.http.get(`/events?streams=lead-${lead.id}`).expect(200)).body.events as FeedEvent[];
      expect(sse.events).toEqual(pulled.map((e) => ({ id: e.position, type: e.type, event: e })));
      expect(sse.events[1].id).toBe(live);
    });

    it('resumes after a dropped connection with Last-Event-ID: every event exactly once, in order', async () => {
      const lead = await captureLead();
      for (let i = 0; i < 5; i++) await logActivity(lead.id, `call ${i}`);
      const first = openStream(`/events/stream?streams=lead-${lead.id}`);
      await first.until('the first events', () => first.events.length >= 3);
      first.close(); // the client drops mid-stream
      const seen = first.events;
      const lastId = first.lastEventId!;
      // More happens while it is away.
      for (let i = 5; i < 10; i++) await logActivity(lead.id, `call ${i}`);

      // ?after is ignored when Last-Event-ID is sent (an EventSource keeps its first URL).
      const second = openStream(`/events/stream?after=0&streams=lead-${lead.id}`, { 'Last-Event-ID': lastId });
      const expected = (await t.http.get(`/events?streams=lead-${lead.id}`).expect(200)).body.events as FeedEvent[];
      expect(expected).toHaveLength(11);
      await second.until('the rest of the stream', () => seen.length + second.events.length >= expected.length);
      await new Promise((resolve) => setTimeout(resolve, 200)); // nothing more may come
      const all = [...seen, ...second.events];
      expect(all.map((e) => e.id)).toEqual(expected.map((e) => e.position));
      expect(all.map((e) => e.event)).toEqual(expected);
      expect(second.events[0].id).toBeGreaterThan(Number(lastId));
    });

    it('sends heartbeat comments every SSE_HEARTBEAT_MS while nothing happens', async () => {
      const sse = openStream(`/events/stream?streams=nothing-here-`);
      await sse.until('three heartbeats', () => sse.comments.filter((c) => c === 'heartbeat').length >= 3, 5_000);
      expect(sse.frames).toEqual([]);
      expect(sse.ended).toBeNull();
    });

    it('a malformed Last-Event-ID or filter is a 400 problem, not a stream', async () => {
      const bad = await t.http.get('/events/stream').set('Last-Event-ID', 'yesterday');
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['Last-Event-ID']);
      expectProblem(await t.http.get('/events/stream?types=Nope'), 400, 'VALIDATION_FAILED');
    });

    it('closes open streams when the app stops (the client then resumes elsewhere)', async () => {
      const other = await startTestApp({ env: { SSE_HEARTBEAT_MS: '100' } });
      try {
        const sse = SseClient.open(await listen(other.app), '/events/stream');
        await sse.until('the stream to open', () => sse.status === 200 && sse.comments.length > 0);
        const closed = other.close();
        await sse.until('the stream to end', () => sse.ended !== null, 5_000);
        await closed;
      } finally {
        await other.destroy();
      }
    });
  });
});

describe('event stream: a consumer that stops reading is closed, not buffered without bound', () => {
  let t: TestApp;
  const BUFFER = 64 * 1024;
  const EVENTS = 240;
  const NOTES = 'x'.repeat(80 * 1024);

  beforeAll(async () => {
    t = await startTestApp({ env: { SSE_MAX_BUFFER_BYTES: String(BUFFER), SSE_STALL_TIMEOUT_MS: '2000', SSE_HEARTBEAT_MS: '200' } });
  });
  afterAll(() => t.destroy());

  it('ends the stream of a client that stops reading; it resumes with Last-Event-ID and misses nothing; a reading client is paced, not closed', async () => {
    // ~19 MB of events: far more than the socket buffers between the two ends can hold.
    const store = t.app.get<EventStore>(EVENT_STORE);
    for (let i = 0; i < EVENTS; i++) {
      const id = `big-${i}`;
      await store.append(`lead-${id}`, [leadCapturedV1(id, i % 2 === 0, NOTES)], 'no_stream');
    }
    const base = await listen(t.app);
    const streams = t.app.get(EventStreams);
    const slow = SseClient.open(base, '/events/stream?streams=lead-big-');
    await slow.until('the stream to open', () => slow.status === 200);
    slow.pause();

    await eventually('the server to end the slow stream', async () => streams.stats(), (s) => s.closedAsSlow === 1 && s.open === 0, { timeoutMs: 15_000 });
    // The unsent output never grew past the bound by more than one event.
    expect(streams.stats().maxBufferedBytes).toBeLessThan(BUFFER + NOTES.length + 4096);

    slow.resume();
    await slow.until('the rest of what was sent, then the end', () => slow.ended !== null, 10_000);
    expect(slow.ended).toBe('end');
    expect(slow.events.length).toBeGreaterThan(0);
    expect(slow.events.length).toBeLessThan(EVENTS);

    const resumed = SseClient.open(base, '/events/stream?streams=lead-big-', { 'Last-Event-ID': slow.lastEventId! });
    try {
      await resumed.until('the rest of the log', () => slow.events.length + resumed.events.length >= EVENTS, 20_000);
      const all = [...slow.events, ...resumed.events];
      expect(all.map((e) => e.event.streamId)).toEqual(Array.from({ length: EVENTS }, (_, i) => `lead-big-${i}`));
      expect(all.every((e) => e.event.version === 2 && e.event.data.notes === NOTES)).toBe(true);
      // The resumed client read along: its catch-up (far more than the bound) was paced, never cut.
      expect(streams.stats()).toMatchObject({ closedAsSlow: 1, open: 1 });
      expect(streams.stats().maxBufferedBytes).toBeLessThan(BUFFER + NOTES.length + 4096);
    } finally {
      resumed.close();
    }
  }, 60_000);
});
