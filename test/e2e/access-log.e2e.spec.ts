import { EventStore, EventStoreUnavailableError } from '@app/event-store';
import { customer, personLead } from '../support/fixtures';
import { listen, SseClient } from '../support/sse-client';
import { startTestApp, TestApp } from '../support/test-app';

/** Every look at personal data is recorded before the data is sent: no record, no data. */
describe('access log', () => {
  let t: TestApp;
  let failAccessRecords = false;
  const customerId = 'c-access-1';
  const leadId = 'l-access-1';

  beforeAll(async () => {
    t = await startTestApp({
      adapters: (opened) => {
        const store = opened.eventStore;
        // The log refuses access records on demand, as a full or unreachable store would.
        const failing: EventStore = Object.create(store, {
          append: {
            value: (streamId: string, ...rest: unknown[]) =>
              failAccessRecords && streamId.startsWith('access-')
                ? Promise.reject(new EventStoreUnavailableError('event store unreachable'))
                : (store.append as (...args: unknown[]) => unknown).call(store, streamId, ...rest),
          },
        });
        return { ...opened, eventStore: failing };
      },
    });
    await t.http.post('/customers').send(customer({ id: customerId })).expect(201);
    await t.http.post('/leads').send(personLead({ id: leadId })).expect(201);
  });
  afterAll(() => t.destroy());

  const accessLog = async (query: string) => (await t.http.get(`/audit/access?${query}`).expect(200)).body;

  it('records who looked at a customer file, when, from where and why, before answering', async () => {
    const auditor = await t.as({ role: 'auditor', ownerId: 'auditor-1' });
    const before = (await accessLog(`subjectId=${customerId}`)).items.length;
    await t.http.get(`/customers/${customerId}?minPosition=1`).set('X-Purpose', 'renewal call preparation').expect(200);
    const { items } = (await auditor.get(`/audit/access?subjectId=${customerId}`).expect(200)).body;
    expect(items).toHaveLength(before + 1);
    expect(items.at(-1)).toMatchObject({ userId: 'api-key:bootstrap', role: 'admin', subjectKind: 'customer', subjectId: customerId, route: 'GET /customers/:id', purpose: 'renewal call preparation', from: expect.any(String), at: expect.any(String) });
  });

  it('a customer file or an export without a stated purpose is 400 and records nothing', async () => {
    const before = (await accessLog(`subjectId=${customerId}`)).items.length;
    const bare = await t.anonymous.get(`/customers/${customerId}`).set('X-API-Key', 'test-admin-key-0123456789abcdef0123456789');
    expect({ status: bare.status, fields: bare.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: ['X-Purpose'] });
    const feed = await t.anonymous.get('/events').set('X-API-Key', 'test-admin-key-0123456789abcdef0123456789');
    expect(feed.status).toBe(400);
    expect((await accessLog(`subjectId=${customerId}`)).items).toHaveLength(before);
  });

  it('records reads of a lead and of histories; filters by user and time', async () => {
    const rep = await t.as({ role: 'admin', ownerId: 'looker-7' });
    await rep.get(`/leads/${leadId}?minPosition=1`).expect(200);
    await rep.get(`/leads/${leadId}/history`).expect(200);
    const { items } = await accessLog('userId=looker-7');
    expect(items.map((e: { route: string }) => e.route)).toEqual(['GET /leads/:id', 'GET /leads/:id/history']);
    expect((await accessLog(`userId=looker-7&from=${encodeURIComponent(items[1].at)}`)).items).toHaveLength(1);
    expect((await accessLog('userId=looker-7&limit=1')).nextCursor).toBe(items[0].position);
  });

  it('no record, no data: when the log cannot take the record, the caller gets 503 and not the file', async () => {
    failAccessRecords = true;
    try {
      const res = await t.http.get(`/customers/${customerId}`);
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body)).not.toContain('"profile"');
      expect(res.body.code).toBe('EVENT_STORE_UNAVAILABLE');
    } finally {
      failAccessRecords = false;
    }
  });

  describe('the event stream (SSE) is an export too', () => {
    let base: string;
    const streams: SseClient[] = [];
    const open = (headers: Record<string, string> = {}) => {
      const client = SseClient.open(base, `/events/stream?streams=lead-${leadId}`, headers);
      streams.push(client);
      return client;
    };
    beforeAll(async () => {
      base = await listen(t.app);
    });
    afterEach(() => streams.splice(0).forEach((s) => s.close()));
    const issueKey = async (ownerId: string): Promise<string> => (await t.http.post('/api-keys').send({ role: 'admin', ownerId, label: ownerId }).expect(201)).body.key;

    it('each connection is recorded, with its purpose, before the first event is sent', async () => {
      const key = await issueKey('subscriber-3');
      const sse = open({ 'X-API-Key': key, 'X-Purpose': 'order sync service' });
      await sse.until('the lead captured', () => sse.events.length === 1);
      const { items } = await accessLog('userId=subscriber-3');
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ subjectKind: 'events', subjectId: '', route: 'GET /events/stream', purpose: 'order sync service' });
      // That the record comes before any event is sent is shown below: a refused record means no events.
    });

    it('without a purpose: 400 and nothing recorded; when the log refuses the record: 503 and no event', async () => {
      const key = await issueKey('subscriber-4');
      const bare = open({ 'X-API-Key': key, 'X-Purpose': '' });
      await bare.until('the answer', () => bare.status !== 0 && bare.ended !== null);
      expect(bare.status).toBe(400);
      failAccessRecords = true;
      try {
        const refused = open({ 'X-API-Key': key });
        await refused.until('the answer', () => refused.status !== 0 && refused.ended !== null);
        expect(refused.status).toBe(503);
        expect(refused.events).toEqual([]);
      } finally {
        failAccessRecords = false;
      }
      expect((await accessLog('userId=subscriber-4')).items).toEqual([]);
    });
  });

  it('only auditors and admins read the access log', async () => {
    const rep = await t.as({ role: 'sales_rep', ownerId: 'rep-1', teamId: 'north' });
    const analyst = await t.as({ role: 'analyst', ownerId: 'analyst-1' });
    expect((await rep.get('/audit/access')).status).toBe(403);
    expect((await analyst.get('/audit/access')).status).toBe(403);
    expect((await t.http.get('/audit/access?subjectId=$ne')).status).toBe(400);
  });
});
