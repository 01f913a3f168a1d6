import { EVENT_STORE, EventStore } from '@app/event-store';
import { errorFields, eventually, expectProblem, uid } from '../support/e2e';
import { personLead } from '../support/fixtures';
import { INTERNAL_URLS, TestHostResolver } from '../support/host-resolver';
import { LOCAL_RECEIVERS, ReceivedDelivery, verifySignature, WebhookReceiver } from '../support/webhook-receiver';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Fast retries for tests (production waits seconds to an hour between attempts), and the local
 * receivers on 127.0.0.1 allowed as targets.
 */
const FAST = { WEBHOOK_BACKOFF_MIN_MS: '20', WEBHOOK_BACKOFF_MAX_MS: '100', WEBHOOK_TIMEOUT_MS: '300', ...LOCAL_RECEIVERS };

type FeedEvent = { position: number; streamId: string; revision: number; type: string; metadata: { eventId: string } };

const attemptOf = (d: ReceivedDelivery) => Number(d.headers['x-delivery-attempt']);
const res400Reason = (res: { body: { errors?: { messages: string[] }[] } }) => res.body.errors?.[0]?.messages[0];

/** The app's own record of the events a webhook must get: feed events of its streams after the registration. */
const expectedEvents = async (t: TestApp, streamPrefix: string, after: number): Promise<FeedEvent[]> =>
  (await t.http.get(`/events?after=${after}&streams=${streamPrefix}&limit=1000`).expect(200)).body.events;

/**
 * What every receiver must see: each event signed with the secret and labelled in its headers; after
 * de-duplication by event id, exactly the expected events, each stream's in order.
 */
const expectDelivered = (receiver: WebhookReceiver, secret: string, webhookId: string, expected: readonly FeedEvent[]) => {
  for (const d of receiver.received) {
    expect(verifySignature(secret, d.headers['x-signature'] as string, d.body)).toBe(true);
    expect(d.headers).toMatchObject({ 'content-type': 'application/json', 'x-event-id': d.event.metadata.eventId, 'x-event-type': d.event.type, 'x-webhook-id': webhookId });
    expect(attemptOf(d)).toBeGreaterThanOrEqual(1);
  }
  const acknowledged = receiver.acknowledged().map((d) => d.event as FeedEvent);
  expect([...acknowledged].sort((a, b) => a.position - b.position)).toEqual(expected);
  const byStream = new Map<string, number[]>();
  for (const e of acknowledged) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
  for (const [stream, revisions] of byStream) expect({ stream, revisions }).toEqual({ stream, revisions: [...revisions].sort((a, b) => a - b) });
};

/**
 * A stream's deliveries never overtake each other: an event is attempted only once the stream's
 * previous expected event was acknowledged (repeats of acknowledged ones are fine: at least once).
 */
const expectNoOvertaking = (receiver: WebhookReceiver, expected: readonly FeedEvent[]) => {
  const indexInStream = new Map(expected.map((e) => [e.metadata.eventId, expected.filter((x) => x.streamId === e.streamId && x.position < e.position).length] as const));
  const acknowledged = new Map<string, number>();
  for (const d of receiver.received) {
    const { streamId, metadata } = d.event as FeedEvent;
    const index = indexInStream.get(metadata.eventId)!;
    const reached = acknowledged.get(streamId) ?? -1;
    expect({ streamId, index, reached, inOrder: index <= reached + 1 }).toEqual({ streamId, index, reached, inOrder: true });
    if (typeof d.answered === 'number' && d.answered < 300) acknowledged.set(streamId, Math.max(reached, index));
  }
};

describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let url: string;

  const register = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/webhooks').send({ url, ...body }).expect(201);
    return res.body as { id: string; secret: string; revision: number; position: number };
  };
  const captureLead = async () => {
    const id = uid('lead');
    await t.http.post('/leads').send(personLead({ id })).expect(201);
    return id;
  };
  const logActivity = (id: string, outcome: string) => t.http.post(`/leads/${id}/activities`).send({ activityId: uid('act'), activityType: 'call', outcome }).expect(201);

  describe('registration', () => {
    beforeAll(async () => {
      t = await startTestApp({ env: FAST });
      receiver = new WebhookReceiver();
      url = await receiver.start();
    });
    afterAll(async () => {
      await t.destroy();
      await receiver.stop();
    });

    it('answers 201 with the secret once; the webhook is listed without it; the log holds it sealed only', async () => {
      const hook = await register({ types: ['LeadCaptured'], streams: ['lead-'], description: 'CRM sync' });
      expect(hook).toEqual({ id: expect.any(String), secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/), revision: 0, position: expect.any(Number) });

      const view = (await t.http.get(`/webhooks/${hook.id}`).expect(200)).body;
      expect(view).toEqual({
        id: hook.id,
        url,
        types: ['LeadCaptured'],
        streams: ['lead-'],
        description: 'CRM sync',
        registeredAt: expect.any(String),
        revision: 0,
        deliveries: { waiting: 0, pending: 0, delivered: 0, parked: 0, cancelled: 0 },
      });
      const listed = (await t.http.get('/webhooks').expect(200)).body;
      expect(listed.dispatcher).toEqual({ state: expect.stringMatching(/^(catching_up|live)$/), checkpoint: expect.any(Number), lastError: null });
      const list = listed.items;
      expect(list).toContainEqual(view);
      expect(JSON.stringify(list)).not.toContain(hook.secret);

      const [registered] = await t.app.get<EventStore>(EVENT_STORE).readStream(`webhook-${hook.id}`);
      expect(registered).toMatchObject({ type: 'WebhookRegistered', version: 1, data: { webhookId: hook.id, url, encryptedSecret: expect.stringMatching(/^v1\./) } });
      expect(JSON.stringify(registered)).not.toContain(hook.secret);
      expect(JSON.stringify(registered)).not.toContain(hook.secret.slice(6));
    });

    it('a retry with the same Idempotency-Key answers the same registration without the secret (it was shown once)', async () => {
      const key = uid('key');
      const first = await t.http.post('/webhooks').set('Idempotency-Key', key).send({ url }).expect(201);
      const again = await t.http.post('/webhooks').set('Idempotency-Key', key).send({ url }).expect(201);
      expect(first.body.secret).toMatch(/^whsec_/);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual({ ...first.body, secret: null });
    });

    it('refuses what it cannot deliver to or filter by: 400 naming the field', async () => {
      for (const [body, field] of [
        [{ url: 'ftp://example.com/hook' }, 'url'],
        [{ url: 'file:///etc/passwd' }, 'url'],
        [{ url: 'not a url' }, 'url'],
        [{ url, types: ['NoSuchEvent'] }, 'types'],
        [{ url, types: ['WebhookRegistered'] }, 'types'],
        [{ url, streams: ['lead-*'] }, 'streams'],
        [{ url, secret: 'mine' }, 'secret'],
        [{ url: url.replace('http://', 'http://user:pass@') }, 'url'],
        [{ url: url.replace('http://', 'http://token@') }, 'url'],
      ] as const) {
        const res = await t.http.post('/webhooks').send(body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toContain(field);
      }
    });

    it('DELETE removes it: 404 afterwards, also for deliveries, parked and replay; a second DELETE is 404', async () => {
      const hook = await register({});
      const removed = await t.http.delete(`/webhooks/${hook.id}`).expect(200);
      expect(removed.body).toEqual({ id: hook.id, revision: 1, position: expect.any(Number) });
      for (const res of [
        await t.http.get(`/webhooks/${hook.id}`),
        await t.http.get(`/webhooks/${hook.id}/deliveries`),
        await t.http.get(`/webhooks/${hook.id}/parked`),
        await t.http.post(`/webhooks/${hook.id}/parked/replay`),
        await t.http.delete(`/webhooks/${hook.id}`),
      ]) {
        expectProblem(res, 404, 'WEBHOOK_NOT_FOUND');
      }
      expect((await t.http.get('/webhooks').expect(200)).body.items.map((w: { id: string }) => w.id)).not.toContain(hook.id);
    });

    it('delivers nothing to a removed webhook', async () => {
      const quiet = new WebhookReceiver();
      const quietUrl = await quiet.start();
      try {
        const hook = await register({ url: quietUrl });
        await t.http.delete(`/webhooks/${hook.id}`).expect(200);
        await captureLead();
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(quiet.received).toEqual([]);
      } finally {
        await quiet.stop();
      }
    });
  });

  describe('deliveries: signed, in order per stream, at least once, retried', () => {
    beforeAll(async () => {
      t = await startTestApp({ env: FAST });
    });
    afterAll(() => t.destroy());

    it('a receiver that fails the first attempts (500, then a timeout) gets every event, signed, each stream in order', async () => {
      receiver = new WebhookReceiver((_, { headers }) => {
        const attempt = Number(headers['x-delivery-attempt']);
        return attempt === 1 ? 500 : attempt === 2 ? 'timeout' : 200;
      });
      url = await receiver.start();
      try {
        const hook = await register({ streams: ['lead-'] });
        const leads = [await captureLead(), await captureLead(), await captureLead()];
        for (let round = 0; round < 3; round++) for (const id of leads) await logActivity(id, `round ${round}`);
        await captureLead(); // and one more stream
        const expected = await expectedEvents(t, 'lead-', hook.position);
        expect(expected).toHaveLength(13);

        await eventually('every event acknowledged', async () => receiver.acknowledged().length, (n) => n === expected.length, { timeoutMs: 30_000 });
        expectDelivered(receiver, hook.secret, hook.id, expected);
        expectNoOvertaking(receiver, expected);
        // Each event: a 500, a timeout, then accepted on the third attempt.
        for (const e of expected) {
          const attempts = receiver.received.filter((d) => d.event.metadata.eventId === e.metadata.eventId);
          expect(attempts.map((d) => [attemptOf(d), d.answered])).toEqual([
            [1, 500],
            [2, 'timeout'],
            [3, 200],
          ]);
        }

        const view = await eventually('the delivered count', async () => (await t.http.get(`/webhooks/${hook.id}`).expect(200)).body, (v) => v.deliveries.delivered === expected.length);
        expect(view.deliveries).toEqual({ waiting: 0, pending: 0, delivered: expected.length, parked: 0, cancelled: 0 });
        const page = (await t.http.get(`/webhooks/${hook.id}/deliveries?limit=200`).expect(200)).body;
        expect(page.items.map((d: { position: number }) => d.position)).toEqual(expected.map((e) => e.position).reverse());
        expect(page.items[0]).toMatchObject({ status: 'delivered', attempts: 3, eventType: expected[expected.length - 1].type, deliveredAt: expect.any(String), nextAttemptAt: null });
        expect(page.items[0].attemptLog).toEqual([
          { attempt: 1, at: expect.any(String), durationMs: expect.any(Number), statusCode: 500, error: 'answered 500' },
          { attempt: 2, at: expect.any(String), durationMs: expect.any(Number), statusCode: null, error: 'no answer within 300 ms' },
          { attempt: 3, at: expect.any(String), durationMs: expect.any(Number), statusCode: 200, error: null },
        ]);
        expect(page.items[0].attemptLog[1].durationMs).toBeGreaterThanOrEqual(290);
      } finally {
        await receiver.stop();
      }
    }, 60_000);

    it('a stream whose event keeps failing waits; the other streams go on', async () => {
      const stuck = uid('lead');
      let releaseAt = Number.MAX_SAFE_INTEGER;
      receiver = new WebhookReceiver((_, { body }) => (JSON.parse(body).streamId === `lead-${stuck}` && Date.now() < releaseAt ? 503 : 200));
      url = await receiver.start();
      try {
        const hook = await register({ streams: [`lead-${stuck}`, 'lead-free-'] });
        await t.http.post('/leads').send(personLead({ id: stuck })).expect(201);
        await logActivity(stuck, 'behind the first');
        for (let i = 0; i < 3; i++) await t.http.post('/leads').send(personLead({ id: uid('free') })).expect(201);
        const expected = await expectedEvents(t, 'lead-', hook.position);
        expect(expected.map((e) => e.streamId.startsWith('lead-free-'))).toEqual([false, false, true, true, true]);

        await eventually('the other streams delivered', async () => receiver.acknowledged().length, (n) => n === 3, { timeoutMs: 15_000 });
        expect(receiver.acknowledged().every((d) => d.event.streamId.startsWith('lead-free-'))).toBe(true);
        // Meanwhile the stuck stream's second event was never attempted.
        expect(receiver.received.filter((d) => d.event.streamId === `lead-${stuck}`).every((d) => d.event.revision === 0)).toBe(true);
        expect((await t.http.get(`/webhooks/${hook.id}`).expect(200)).body.deliveries).toMatchObject({ waiting: 1, pending: 1, delivered: 3 });

        releaseAt = Date.now();
        await eventually('the stuck stream delivered too', async () => receiver.acknowledged().length, (n) => n === 5, { timeoutMs: 15_000 });
        expectDelivered(receiver, hook.secret, hook.id, expected);
        expectNoOvertaking(receiver, expected);
      } finally {
        await receiver.stop();
      }
    }, 40_000);
  });

  describe('parking and replay', () => {
    beforeAll(async () => {
      t = await startTestApp({ env: { ...FAST, WEBHOOK_RETRY_FOR_MS: '300' } });
    });
    afterAll(() => t.destroy());

    it('parks what keeps failing past WEBHOOK_RETRY_FOR_MS, holds the stream behind it, and delivers it all in order after a replay', async () => {
      let up = false;
      receiver = new WebhookReceiver(() => (up ? 200 : 503));
      url = await receiver.start();
      try {
        const hook = await register({ streams: ['lead-'] });
        const a = await captureLead();
        await logActivity(a, 'second of a');
        const b = await captureLead();

        const parked = await eventually(
          'the head of each stream parked',
          async () => (await t.http.get(`/webhooks/${hook.id}/parked`).expect(200)).body.items as Record<string, any>[],
          (items) => items.length === 2,
          { timeoutMs: 10_000 },
        );
        expect(parked).toEqual([
          expect.objectContaining({ streamId: `lead-${a}`, eventType: 'LeadCaptured', status: 'parked', parkedAt: expect.any(String), waitingBehind: 1 }),
          expect.objectContaining({ streamId: `lead-${b}`, eventType: 'LeadCaptured', status: 'parked', waitingBehind: 0 }),
        ]);
        expect(parked[0].attempts).toBeGreaterThanOrEqual(1);
        expect(parked[0].attemptLog.every((x: { statusCode: number }) => x.statusCode === 503)).toBe(true);
        expect((await t.http.get(`/webhooks/${hook.id}`).expect(200)).body.deliveries).toEqual({ waiting: 1, pending: 0, delivered: 0, parked: 2, cancelled: 0 });
        const attemptsWhileParked = receiver.received.length;
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(receiver.received.length).toBe(attemptsWhileParked); // parked: no more attempts

        up = true;
        expect((await t.http.post(`/webhooks/${hook.id}/parked/replay`).expect(200)).body).toEqual({ requeued: 2 });
        const expected = await expectedEvents(t, 'lead-', hook.position);
        expect(expected).toHaveLength(3);
        await eventually('all delivered after the replay', async () => receiver.acknowledged().length, (n) => n === 3, { timeoutMs: 10_000 });
        expectDelivered(receiver, hook.secret, hook.id, expected);
        expectNoOvertaking(receiver, expected);
        expect((await t.http.get(`/webhooks/${hook.id}/parked`).expect(200)).body.items).toEqual([]);
        expect((await t.http.post(`/webhooks/${hook.id}/parked/replay`).expect(200)).body).toEqual({ requeued: 0 });
      } finally {
        await receiver.stop();
      }
    }, 30_000);
  });

  describe('a restart', () => {
    it('loses and reorders nothing: deliveries under way when the app stops go out after it starts again on the same DATA_DIR', async () => {
      // Every event's first attempt fails and each answer takes a while, so the app stops with deliveries pending.
      receiver = new WebhookReceiver((_, { headers }) => (headers['x-delivery-attempt'] === '1' ? 500 : 200), 40);
      url = await receiver.start();
      t = await startTestApp({ env: FAST });
      const { dataDir } = t;
      try {
        const hook = await register({ streams: ['lead-'] });
        const leads = [await captureLead(), await captureLead(), await captureLead()];
        for (let round = 0; round < 4; round++) for (const id of leads) await logActivity(id, `round ${round}`);
        await eventually('some deliveries', async () => receiver.acknowledged().length, (n) => n >= 2, { timeoutMs: 10_000 });
        await t.close();
        const before = receiver.acknowledged().length;

        t = await startTestApp({ dataDir, env: FAST });
        for (const id of leads) await logActivity(id, 'after the restart');
        const expected = await expectedEvents(t, 'lead-', hook.position);
        expect(expected).toHaveLength(18);
        expect(before).toBeLessThan(expected.length);

        await eventually('every event acknowledged after the restart', async () => receiver.acknowledged().length, (n) => n === expected.length, { timeoutMs: 30_000 });
        expectDelivered(receiver, hook.secret, hook.id, expected);
        expectNoOvertaking(receiver, expected);
        await eventually('the delivered count', async () => (await t.http.get(`/webhooks/${hook.id}`).expect(200)).body.deliveries.delivered, (n) => n === expected.length);
      } finally {
        await t.destroy();
        await receiver.stop();
      }
    }, 60_000);
  });

  describe('internal targets (no allow-list)', () => {
    const resolver = new TestHostResolver();
    beforeAll(async () => {
      t = await startTestApp({ env: { WEBHOOK_BACKOFF_MIN_MS: '20', WEBHOOK_BACKOFF_MAX_MS: '100', WEBHOOK_TIMEOUT_MS: '300' }, adapters: (opened) => ({ ...opened, hostResolver: resolver }) });
      receiver = new WebhookReceiver();
      url = await receiver.start();
    });
    afterAll(async () => {
      await t.destroy();
      await receiver.stop();
    });

    it.each(INTERNAL_URLS)('refuses %s at registration: 400 naming url, with the reason', async (internal, reason) => {
      const res = await t.http.post('/webhooks').send({ url: internal });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'url', messages: [expect.stringMatching(reason)] }]);
    });

    it('refuses a host that resolves to an internal address, and the local receiver itself', async () => {
      resolver.answer('intranet.test.example', '10.0.0.8');
      for (const internal of ['http://intranet.test.example/hook', url]) {
        const res = await t.http.post('/webhooks').send({ url: internal });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual(['url']);
      }
      expect(res400Reason(await t.http.post('/webhooks').send({ url: 'http://intranet.test.example/hook' }))).toMatch('intranet.test.example resolves to 10.0.0.8, a private address');
    });

    it('checks again at every attempt: a host whose DNS answer turns internal after the registration gets nothing; the attempt is refused and parked, without any answer of the target', async () => {
      const host = `${uid('hooks')}.test.example`.toLowerCase();
      resolver.answer(host, '93.184.216.34'); // a public address at registration
      const hook = await register({ url: `http://${host}:${receiver.port}/hooks`, streams: ['lead-'] });
      resolver.answer(host, '127.0.0.1'); // rebound to the API's own machine
      await captureLead();

      const [parked] = await eventually(
        'the delivery refused and parked',
        async () => (await t.http.get(`/webhooks/${hook.id}/parked`).expect(200)).body.items as Record<string, any>[],
        (items) => items.length === 1,
        { timeoutMs: 10_000 },
      );
      expect(parked).toMatchObject({ status: 'parked', attempts: 1 });
      expect(parked.attemptLog).toEqual([
        {
          attempt: 1,
          at: expect.any(String),
          durationMs: expect.any(Number),
          statusCode: null,
          error: `refused: url ${host} resolves to 127.0.0.1, a loopback address; internal targets are refused unless WEBHOOK_ALLOWED_TARGETS names them`,
        },
      ]);
      expect(receiver.received).toEqual([]);
      const page = (await t.http.get(`/webhooks/${hook.id}/deliveries`).expect(200)).body;
      expect(page.items.flatMap((d: { attemptLog: { statusCode: number | null }[] }) => d.attemptLog.map((a) => a.statusCode))).toEqual([null]);
      expect((await t.http.get(`/webhooks/${hook.id}`).expect(200)).body.deliveries).toMatchObject({ parked: 1, delivered: 0 });
    });

    it('an IPv4-mapped or other notation in the DNS answer is refused too', async () => {
      const host = `${uid('mapped')}.test.example`.toLowerCase();
      resolver.answer(host, '93.184.216.34');
      const hook = await register({ url: `http://${host}:${receiver.port}/hooks`, streams: ['lead-'] });
      resolver.answer(host, '93.184.216.34', '::ffff:127.0.0.1');
      await captureLead();
      const [parked] = await eventually('refused and parked', async () => (await t.http.get(`/webhooks/${hook.id}/parked`).expect(200)).body.items as Record<string, any>[], (items) => items.length === 1, { timeoutMs: 10_000 });
      expect(parked.attemptLog[0].error).toMatch(/resolves to ::ffff:127\.0\.0\.1, a loopback address/);
      expect(receiver.received).toEqual([]);
    });
  });

  describe('an allowed on-premises receiver, by name', () => {
    const resolver = new TestHostResolver();
    beforeAll(async () => {
      t = await startTestApp({ env: { WEBHOOK_ALLOWED_TARGETS: 'receiver.corp.test' }, adapters: (opened) => ({ ...opened, hostResolver: resolver }) });
      receiver = new WebhookReceiver();
      url = await receiver.start();
    });
    afterAll(async () => {
      await t.destroy();
      await receiver.stop();
    });

    it('is delivered to at the address the check resolved (the system resolver knows no such name): the connection is pinned', async () => {
      resolver.answer('receiver.corp.test', '127.0.0.1');
      const hook = await register({ url: `http://receiver.corp.test:${receiver.port}/hooks`, streams: ['lead-'] });
      const lead = await captureLead();
      await eventually('delivered', async () => receiver.acknowledged().length, (n) => n === 1, { timeoutMs: 10_000 });
      expect(receiver.received[0].event.streamId).toBe(`lead-${lead}`);
      expect(receiver.received[0].headers.host).toBe(`receiver.corp.test:${receiver.port}`);
      expect(verifySignature(hook.secret, receiver.received[0].headers['x-signature'] as string, receiver.received[0].body)).toBe(true);
      // Another name on the same address is not on the list.
      resolver.answer('other.corp.test', '127.0.0.1');
      expect(errorFields(await t.http.post('/webhooks').send({ url: `http://other.corp.test:${receiver.port}/hooks` }))).toEqual(['url']);
    });
  });
});
