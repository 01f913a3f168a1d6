import { ConfigError } from '@app/config';
import { loadConfig } from '../../apps/api/src/api-config';
import { expectProblem, errorFields, uid } from '../support/e2e';
import { customer, personLead } from '../support/fixtures';
import { listen, SseClient } from '../support/sse-client';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/test-app';
import { LOCAL_RECEIVERS } from '../support/webhook-receiver';

const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('hostile input and overload', () => {
  describe('guessing credentials (AUTH_FAILURES_PER_MINUTE=3)', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ env: { AUTH_FAILURES_PER_MINUTE: '3' } })));
    afterAll(() => t.destroy());

    it('past 3 refused credentials from one address in a minute, every credentialed request from it is 429 until the window frees, a correct key included', async () => {
      // Requests without any credential are not guesses: they do not count.
      for (let i = 0; i < 5; i++) expectProblem(await t.anonymous.get('/leads'), 401);
      await t.http.get('/leads').expect(200);
      for (let i = 0; i < 3; i++) expectProblem(await t.anonymous.get('/leads').set('X-API-Key', `l2c_guess_${i}`), 401, 'UNAUTHENTICATED');
      expectProblem(await t.anonymous.get('/leads').set('Authorization', 'Bearer not-a-token'), 429, 'TOO_MANY_FAILED_AUTHENTICATIONS');
      // A right guess must not stand out from the wrong ones, so the correct key waits too.
      const blocked = await t.http.get('/leads');
      expectProblem(blocked, 429, 'TOO_MANY_FAILED_AUTHENTICATIONS');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      // Public routes stay open.
      await t.anonymous.get('/health/ready').expect(200);
    });
  });

  describe('rate limit per caller (RATE_LIMIT_PER_MINUTE=5)', () => {
    let t: TestApp;
    beforeEach(async () => (t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } })));
    afterEach(() => t.destroy());

    it('the 6th request of a caller within a minute, on any route, is 429 RATE_LIMITED with Retry-After in seconds', async () => {
      for (const path of ['/leads', '/customers', '/complaints', '/leads/nobody', '/reports/funnel']) expect((await t.http.get(path)).status).not.toBe(429);
      const res = await t.http.post('/leads').send(personLead());
      expectProblem(res, 429, 'RATE_LIMITED');
      const retryAfter = Number(res.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      // Refused before validation and before the command: nothing was recorded.
      expect((await t.http.get('/health/ready').expect(200)).body.status).toBe('ready');
    });

    it('callers have their own budgets: another principal is served while the first waits', async () => {
      const other = await t.as({ role: 'admin' }); // issued by the first caller: part of its budget
      let served = 0;
      while ((await t.http.get('/leads')).status === 200) served++;
      expect(served).toBeLessThan(5);
      expectProblem(await t.http.get('/leads'), 429, 'RATE_LIMITED');
      for (let i = 0; i < 5; i++) await other.get('/leads').expect(200);
      expectProblem(await other.get('/leads'), 429, 'RATE_LIMITED');
    });

    it('the public files (API documentation, dashboard) count against the address too: past the limit they are 429', async () => {
      const paths = ['/docs-json', '/dashboard/', '/dashboard/styles.css', '/dashboard/vendor/echarts.min.js', '/docs-json'];
      for (const path of paths) expect({ path, status: (await t.anonymous.get(path)).status }).toEqual({ path, status: 200 });
      for (const path of ['/docs-json', '/docs', '/dashboard/', '/dashboard/js/main.js', '/dashboard/vendor/echarts.min.js']) {
        const res = await t.anonymous.get(path);
        expectProblem(res, 429, 'RATE_LIMITED');
        const retryAfter = Number(res.headers['retry-after']);
        expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      }
      // The same budget as the other requests without credentials from that address; callers with credentials have their own.
      expectProblem(await t.anonymous.get('/leads'), 401);
      await t.http.get('/leads').expect(200);
      await t.anonymous.get('/health/ready').expect(200);
    });

    it('requests without credentials count against their address, after authentication has refused them', async () => {
      // 401 comes first (the limit runs after authentication): the anonymous flood is not a 429...
      for (let i = 0; i < 8; i++) expectProblem(await t.anonymous.get('/leads'), 401);
      // ...and does not eat the budget of the authenticated caller from the same address.
      for (let i = 0; i < 5; i++) await t.http.get('/leads').expect(200);
    });

    it('health probes are never limited', async () => {
      for (let i = 0; i < 6; i++) await t.http.get('/leads');
      expectProblem(await t.http.get('/leads'), 429, 'RATE_LIMITED');
      for (let i = 0; i < 20; i++) {
        await t.http.get('/health/live').expect(200);
        await t.anonymous.get('/health/ready').expect(200);
      }
    });

    it('an event stream counts once, when it opens, however long it stays open', async () => {
      const t2 = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5', SSE_HEARTBEAT_MS: '50' } });
      try {
        const stream = SseClient.open(await listen(t2.app), '/events/stream', { 'x-api-key': TEST_ADMIN_KEY });
        await stream.until('5 heartbeats', () => stream.comments.length >= 5);
        expect(stream.status).toBe(200);
        for (let i = 0; i < 4; i++) await t2.http.get('/leads').expect(200);
        expectProblem(await t2.http.get('/leads'), 429, 'RATE_LIMITED');
        const seen = stream.comments.length;
        await stream.until('more heartbeats on the open stream', () => stream.comments.length > seen + 2);
        expect(stream.ended).toBeNull();
        stream.close();
      } finally {
        await t2.destroy();
      }
    });
  });

  describe('security headers and CORS', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp()));
    afterAll(() => t.destroy());

    it('every answer carries the security headers, errors included', async () => {
      for (const res of [await t.http.get('/leads'), await t.http.get('/no-such-route'), await t.anonymous.get('/leads'), await t.http.get('/docs')]) {
        expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
        expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
        expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers).not.toHaveProperty('x-powered-by');
      }
    });

    it('the Swagger UI loads under the policy: same-origin scripts and styles only, no inline script', async () => {
      const page = await t.http.get('/docs').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThanOrEqual(3);
      // script-src 'self' without 'unsafe-inline': an inline script would not run.
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/src=/);
        expect(body.trim()).toBe('');
      }
      const assets = [...page.text.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map(([, url]) => url);
      expect(assets.filter((url) => url.endsWith('.js'))).toHaveLength(3);
      expect(assets.filter((url) => url.endsWith('.css'))).toHaveLength(1);
      for (const url of assets) {
        expect(url).not.toMatch(/^(https?:)?\/\//); // same origin
        const res = await t.anonymous.get(new URL(url, 'http://host/docs').pathname).expect(200);
        if (url.endsWith('.js')) expect(res.headers['content-type']).toMatch(/javascript/);
        if (url.endsWith('.css')) expect(res.headers['content-type']).toMatch(/^text\/css/);
      }
      // The UI fetches nothing from elsewhere: the document is embedded in its init script.
      const init = await t.anonymous.get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toMatch(/"openapi":\s*"3\./);
    });

    it('without CORS_ORIGINS no CORS header is sent, whatever the Origin', async () => {
      const res = await t.http.get('/leads').set('Origin', 'https://evil.example');
      expect(res.status).toBe(200);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      const preflight = await t.anonymous.options('/leads').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expectProblem(preflight, 404);
      expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    });

    it('with CORS_ORIGINS only the listed origins are allowed, preflight included', async () => {
      const cors = await startTestApp({ env: { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' } });
      try {
        const allowed = await cors.http.get('/leads').set('Origin', 'https://app.example.com').expect(200);
        expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
        expect(allowed.headers.vary).toMatch(/Origin/);
        expect(allowed.headers['access-control-expose-headers']).toMatch(/Retry-After/);
        expect(allowed.headers).not.toHaveProperty('access-control-allow-credentials');
        const preflight = await cors.anonymous
          .options('/leads')
          .set('Origin', 'http://localhost:5173')
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'x-api-key, content-type, idempotency-key');
        expect(preflight.status).toBe(204);
        expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
        expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
        expect(preflight.headers['access-control-allow-headers']).toMatch(/x-api-key/);
        for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
          const refused = await cors.http.get('/leads').set('Origin', origin).expect(200);
          expect({ origin, allow: refused.headers['access-control-allow-origin'] }).toEqual({ origin, allow: undefined });
          const refusedPreflight = await cors.anonymous.options('/leads').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
          expect({ origin, allow: refusedPreflight.headers['access-control-allow-origin'] }).toEqual({ origin, allow: undefined });
        }
      } finally {
        await cors.destroy();
      }
    });

    it.each([
      ['CORS_ORIGINS', '*'],
      ['CORS_ORIGINS', 'https://app.example.com/'],
      ['CORS_ORIGINS', 'https://app.example.com/path'],
      ['CORS_ORIGINS', 'app.example.com'],
      ['CORS_ORIGINS', 'https://ok.example, ftp://files.example'],
      ['CORS_ORIGINS', 'https://*.example.com'],
      ['RATE_LIMIT_PER_MINUTE', '-1'],
      ['RATE_LIMIT_PER_MINUTE', 'lots'],
      ['RATE_LIMIT_PER_MINUTE', '10001'],
    ])('%s=%j stops the start with one line naming the setting', (name, value) => {
      const start = () => loadConfig({ DATA_DIR: '/tmp/unused', [name]: value });
      expect(start).toThrow(ConfigError);
      expect(start).toThrow(new RegExp(`^${name} `));
      try {
        start();
      } catch (error) {
        expect((error as Error).message).not.toMatch(/\n/);
      }
    });

    it('settings: rate limit 600 per minute and no CORS by default', () => {
      const config = loadConfig({ DATA_DIR: '/tmp/unused' });
      expect(config.rateLimitPerMinute).toBe(600);
      expect(config.corsOrigins).toEqual([]);
      expect(loadConfig({ DATA_DIR: '/tmp/unused', CORS_ORIGINS: 'https://a.example,https://a.example' }).corsOrigins).toEqual(['https://a.example']);
    });

    it('a body over the default BODY_LIMIT_BYTES (256 KiB) is 413 and records nothing', async () => {
      const id = uid('lead');
      const res = await t.http.post('/leads').send(personLead({ id, notes: 'x'.repeat(300 * 1024) }));
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await t.http.get(`/leads/${id}/history`), 404, 'LEAD_NOT_FOUND');
    });
  });

  describe('operator injection', () => {
    let t: TestApp;
    let leadId: string;
    beforeAll(async () => {
      // A webhook on 127.0.0.1:9 (nobody listens: nothing leaves the machine) gives the delivery lists to page.
      t = await startTestApp({ env: { ...LOCAL_RECEIVERS } });
      leadId = uid('lead');
      await t.http.post('/leads').send(personLead({ id: leadId, name: 'Wang Fang' })).expect(201);
    });
    afterAll(() => t.destroy());

    it.each([
      ['an operator object as a string field', { name: { $gt: '' } }, ['name']],
      ['an operator object as an id', { ownerId: { $ne: null } }, ['ownerId']],
      ['an operator as a top-level key', { $where: 'sleep(1000)' }, ['$where']],
      ['operators inside a nested list', { contacts: { phones: [{ $regex: '.*' }], emails: [] } }, ['contacts.phones']],
      ['an operator object as a number', { expectedAmount: { $gt: 0 } }, ['expectedAmount']],
      ['an operator object inside the consent', { consent: { purposes: { $in: ['sales_contact'] } } }, ['consent.purposes']],
    ])('a body with %s is 400 naming the field, and records nothing', async (_title, overrides, fields) => {
      const id = uid('lead');
      const res = await t.http.post('/leads').send(personLead({ id, ...overrides }));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(expect.arrayContaining(fields));
      expectProblem(await t.http.get(`/leads/${id}/history`), 404, 'LEAD_NOT_FOUND');
    });

    it('null is refused where the document does not declare it nullable, and clears a fact where it does', async () => {
      const customerId = (await t.http.post('/customers').send(customer()).expect(201)).body.id as string;
      for (const [path, body, field] of [
        [`/customers/${customerId}/class`, { to: 'vip', reason: null }, 'reason'],
        [`/leads/${leadId}/activities`, { activityId: uid('call'), activityType: 'call', outcome: 'Called', durationMinutes: null }, 'durationMinutes'],
        [`/leads/${leadId}/activities`, { activityId: uid('call'), activityType: 'call', outcome: null }, 'outcome'],
        ['/leads', personLead({ notes: null }), 'notes'],
        ['/leads', personLead({ kind: 'organisation', organisation: { region: null } }), 'organisation.region'],
        [`/leads/${leadId}/activities`, { activityId: uid('call'), activityType: 'call', outcome: 'Called', occurredAt: null }, 'occurredAt'],
      ] as const) {
        const res = await t.http.post(path).send(body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ path, fields: errorFields(res) }).toEqual({ path, fields: [field] });
      }
      expect((await t.http.get(`/customers/${customerId}/history`).expect(200)).body.items).toHaveLength(1);
      await t.http.post(`/customers/${customerId}/profile`).send({ individual: { education: 'MBA' } }).expect(200);
      await t.http.post(`/customers/${customerId}/profile`).send({ individual: { education: null } }).expect(200);
    });

    it('a path segment past 200 characters is 414 and a path that is not valid percent-encoding is 400, both problem+json', async () => {
      expectProblem(await t.http.get(`/leads/${'x'.repeat(300)}`), 414, 'URI_TOO_LONG');
      expectProblem(await t.http.get('/leads/%E0%A4%A'), 400, 'MALFORMED_REQUEST');
    });

    it.each([
      [20, 'a deep object', (n: number) => `{"notes":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`],
      [20_000, 'a deep object', (n: number) => `{"notes":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`],
      [100_000, 'deep lists', (n: number) => `{"notes":${'['.repeat(n)}${']'.repeat(n)}}`],
    ])('a body nested %i levels deep (%s) is 400 naming the field, never a 500', async (depth, _title, body) => {
      const res = await t.http.post('/leads').set('content-type', 'application/json').set('Idempotency-Key', uid('deep')).send(body(depth));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toContain('notes');
    });

    it.each([
      ['__proto__', '{"__proto__": {"isAdmin": true}, "activityId": "a-1", "activityType": "call"}'],
      ['constructor.prototype', '{"constructor": {"prototype": {"isAdmin": true}}, "activityId": "a-1", "activityType": "call"}'],
    ])('a body with a %s key is a 400 problem and pollutes nothing', async (_title, body) => {
      const res = await t.http.post(`/leads/${leadId}/activities`).set('content-type', 'application/json').send(body);
      expectProblem(res, 400);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('a list far over its size limit is refused by its length alone, quickly, with a small answer', async () => {
      const customerId = (await t.http.post('/customers').send(customer()).expect(201)).body.id as string;
      // 5,000 bad items (about 50 KB): each would fail several rules if it were looked at.
      const items = Array.from({ length: 5_000 }, () => ({ description: '', quantity: -1, unitPrice: 'x' }));
      const started = Date.now();
      const res = await t.http.post(`/customers/${customerId}/orders`).send({ orderId: 'o-huge', items });
      const elapsedMs = Date.now() - started;
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'items', messages: ['items must contain no more than 500 elements (it has 5000; its items were not checked)'] }]);
      expect(res.body.errors.filter((e: { field: string }) => e.field.startsWith('items.'))).toEqual([]);
      expect(Buffer.byteLength(res.text)).toBeLessThan(2_000);
      expect(elapsedMs).toBeLessThan(2_000); // a generous sanity bound; the speed itself is measured by benchmarks
    });

    it('a list within its limit whose every item is wrong lists at most 50 field errors, with errorCount and errorsTruncated', async () => {
      const customerId = (await t.http.post('/customers').send(customer()).expect(201)).body.id as string;
      const items = Array.from({ length: 500 }, () => ({ description: '', quantity: -1, unitPrice: 'x' }));
      const res = await t.http.post(`/customers/${customerId}/orders`).send({ orderId: 'o-bad', items });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toHaveLength(50);
      expect(res.body).toMatchObject({ errorCount: 1_500, errorsTruncated: true });
      expect(res.body.errors[0]).toEqual({ field: 'items.0.description', messages: [expect.any(String)] });
      expect(res.body.detail).toMatch(/^Invalid request: items\.0\.description, .* and 1490 more$/);
      expect(Buffer.byteLength(res.text)).toBeLessThan(20_000);
      // A few errors are listed whole, without the count fields.
      const few = await t.http.post(`/customers/${customerId}/orders`).send({ orderId: 'o-bad', items: [{ description: '', quantity: 1, unitPrice: 1 }] });
      expect(few.body.errors).toEqual([{ field: 'items.0.description', messages: [expect.any(String)] }]);
      expect(few.body).not.toHaveProperty('errorCount');
      expect(few.body).not.toHaveProperty('errorsTruncated');
    });

    it.each([
      ['an operator object', cursorOf([{ $gt: '' }, 'x'])],
      ['an operator object as the id', cursorOf(['2026-01-01', { $ne: null }])],
      ['Infinity', Buffer.from('[1e999,"x"]').toString('base64url')],
      ['not a cursor at all', '$where'],
      ['JSON text', '{"$gt":""}'],
      ['a made-up position (["x","y"])', 'WyJ4IiwieSJd'],
      ['a number', '1e9'],
      ['a hexadecimal number', '0x10'],
      ['a position as the store wrote it before, without checksum', cursorOf(['2026-01-01', 'lead-x'])],
    ])('a cursor holding %s is 400 naming the cursor on every paged list', async (_title, cursor) => {
      const webhook = (await t.http.post('/webhooks').send({ url: 'http://127.0.0.1:9/hook' }).expect(201)).body.id as string;
      for (const path of ['/leads', '/customers', '/complaints', `/webhooks/${webhook}/deliveries`, `/webhooks/${webhook}/parked`, '/audit/access', `/leads/${leadId}/history`]) {
        const res = await t.http.get(path).query({ cursor });
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ path, fields: errorFields(res) }).toEqual({ path, fields: ['cursor'] });
      }
    });

    it('a cursor altered, or issued by another list, is 400 naming the cursor', async () => {
      for (let i = 0; i < 3; i++) {
        await t.http.post('/leads').send(personLead()).expect(201);
        await t.http.post('/customers').send(customer()).expect(201);
      }
      const issued = async (path: string) => (await t.http.get(path).query({ limit: 1, minPosition: '0' }).expect(200)).body.nextCursor as string;
      const leads = await issued('/leads');
      const customers = await issued('/customers');
      expect(leads && customers).toBeTruthy();
      await t.http.get('/leads').query({ limit: 1, cursor: leads }).expect(200);
      const [payload, checksum] = leads.split('.');
      const [field, direction, value] = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const altered = `${cursorOf([field, direction, value, 'someone-else'])}.${checksum}`;
      for (const [path, cursor] of [
        ['/leads', altered],
        ['/customers', leads],
        ['/leads', customers],
        ['/leads?sort=capturedAt', leads],
        ['/complaints', leads],
      ]) {
        const res = await t.http.get(path).query({ cursor });
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect({ path, fields: errorFields(res) }).toEqual({ path, fields: ['cursor'] });
      }
    });

    it.each([
      ['a list of values', 'stage=A&stage=B', 'stage'],
      ['a negative limit', 'limit=-1', 'limit'],
      ['a limit past any number', 'limit=1e999', 'limit'],
      ['a huge limit', 'limit=99999999999999999999', 'limit'],
      ['a limit given twice', 'limit=1&limit=2', 'limit'],
      ['an operator key', 'ownerId[$ne]=x', 'ownerId[$ne]'],
      ['a JSON operator as an id', `ownerId=${encodeURIComponent('{"$gt":""}')}`, 'ownerId'],
      ['a search given as a list', 'q=a&q=b', 'q'],
    ])('a query string with %s is 400 naming the parameter', async (_title, query, field) => {
      const res = await t.http.get(`/leads?${query}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual([field]);
    });

    it('a search text is literal: `.*`, `^` or `$where` find only names that contain them', async () => {
      const all = (await t.http.get('/leads').expect(200)).body.items.length;
      expect(all).toBeGreaterThan(0);
      for (const q of ['.*', '^', '$where', '%', '_', '[a-z]+', '(?i)wang|x']) {
        expect({ q, items: (await t.http.get('/leads').query({ q }).expect(200)).body.items }).toEqual({ q, items: [] });
      }
      expect((await t.http.get('/leads').query({ q: 'wang f' }).expect(200)).body.items.map((l: { leadId: string }) => l.leadId)).toEqual([leadId]);
    });
  });
});
