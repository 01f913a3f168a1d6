import { complaint, customer } from '../support/fixtures';
import { expectProblem, history, historyLength, stateOf, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const satisfaction = (overrides: Record<string, unknown> = {}) => ({ expectedService: 4, perceivedService: 3, likelihoodToRecommend: 7, wouldBuyAgain: true, ...overrides });

describe('complaints over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  /** A complaint is about a customer on file. */
  const newCustomer = async (): Promise<string> => (await t.http.post('/customers').send(customer()).expect(201)).body.id;
  const log = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = uid('cmp');
    await t.http.post('/complaints').send(complaint(await newCustomer(), { id, ...overrides })).expect(201);
    return id;
  };
  const post = (id: string, route: string, body: Record<string, unknown>) => t.http.post(`/complaints/${id}/${route}`).send(body);
  const state = (id: string) => stateOf(t.http, 'complaints', id);

  describe('POST /complaints', () => {
    it('refuses a complaint about a customer that does not exist (404 CUSTOMER_NOT_FOUND) and logs nothing', async () => {
      const id = uid('cmp');
      expectProblem(await t.http.post('/complaints').send(complaint(uid('cust-none'), { id })), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http.get(`/complaints/${id}/history`), 404, 'COMPLAINT_NOT_FOUND');
    });

    it('a service agent may take a complaint but not hand it to someone else (403 naming handlerId)', async () => {
      const agent = await t.as({ role: 'service_agent', ownerId: 'svc-self' });
      const customerId = await newCustomer();
      await agent.post('/complaints').send(complaint(customerId, { handlerId: 'svc-self' })).expect(201);
      const other = await agent.post('/complaints').send(complaint(customerId, { handlerId: 'svc-other' }));
      expectProblem(other, 403, 'FORBIDDEN');
      expect(other.body.errors.map((e: { field: string }) => e.field)).toEqual(['handlerId']);
    });

    it('logs an open complaint (201) under the id the client chose', async () => {
      const id = uid('cmp');
      const customerId = await newCustomer();
      const res = await t.http.post('/complaints').send(complaint(customerId, { id, handlerId: 'svc-1' })).expect(201);
      expect(res.body).toEqual({ id, revision: 0, position: expect.any(Number) });
      expect(await state(id)).toMatchObject({ exists: true, complaintId: id, customerId, status: 'open', category: 'delivery', touchpoint: 'delivery', severity: 'medium', safetyRelated: false, handlerId: 'svc-1' });
    });

    it('a complaint of category safety is safety-related by itself', async () => {
      const id = await log({ category: 'safety' });
      expect((await state(id)).safetyRelated).toBe(true);
    });

    it('refuses a second complaint with the same id (409 COMPLAINT_ALREADY_EXISTS)', async () => {
      const id = await log();
      expectProblem(await t.http.post('/complaints').send(complaint(await newCustomer(), { id })), 409, 'COMPLAINT_ALREADY_EXISTS');
    });
  });

  describe('POST /complaints/{id}/acknowledgement', () => {
    it('acknowledges once (200); twice is 422 ALREADY_ACKNOWLEDGED', async () => {
      const id = await log({ occurredAt: '2026-05-01T08:00:00Z' });
      const res = await post(id, 'acknowledgement', { note: 'Called back', handlerId: 'svc-2', occurredAt: '2026-05-01T08:30:00Z' }).expect(200);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect(await state(id)).toMatchObject({ acknowledgedAt: '2026-05-01T08:30:00.000Z', handlerId: 'svc-2' });
      expectProblem(await post(id, 'acknowledgement', {}), 422, 'ALREADY_ACKNOWLEDGED');
    });
  });

  describe('POST /complaints/{id}/escalation', () => {
    it('a safety escalation gets a PPSC tracking number and a deadline 24 hours later, visible in the history', async () => {
      const id = await log({ occurredAt: '2026-06-10T07:00:00Z' });
      const res = await post(id, 'escalation', { level: 'manager', reason: 'Kettle overheats', safetyRelated: true, occurredAt: '2026-06-10T09:15:00Z' }).expect(200);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      const escalated = (await history(t.http, 'complaints', id)).at(-1)!;
      expect(escalated).toMatchObject({
        type: 'ComplaintEscalated',
        occurredAt: '2026-06-10T09:15:00.000Z',
        reason: 'Kettle overheats',
        data: { level: 'manager', safetyRelated: true, trackingNumber: `PPSC-${id.slice(0, 8).toUpperCase()}-1`, deadline: '2026-06-11T09:15:00.000Z' },
      });
      expect(await state(id)).toMatchObject({ safetyRelated: true, escalations: { count: 1, level: 'manager', deadline: '2026-06-11T09:15:00.000Z', trackingNumber: `PPSC-${id.slice(0, 8).toUpperCase()}-1` } });

      // Resolved within the 24 hours: the deadline was met.
      await post(id, 'resolution', { resolution: 'Batch recalled', occurredAt: '2026-06-11T08:00:00Z' }).expect(200);
      expect((await history(t.http, 'complaints', id)).at(-1)!.data).toMatchObject({ deadlineMet: true, resolutionMinutes: 25 * 60, responseMinutes: null });
    });

    it('an ordinary escalation carries no tracking number or deadline', async () => {
      const id = await log();
      await post(id, 'escalation', { level: 'supervisor', reason: 'Customer asked for a manager' }).expect(200);
      const data = (await history(t.http, 'complaints', id)).at(-1)!.data;
      expect(data).toMatchObject({ level: 'supervisor', safetyRelated: false });
      expect(data).not.toHaveProperty('trackingNumber');
      expect(data).not.toHaveProperty('deadline');
    });

    it('a safety deadline missed is recorded as missed', async () => {
      const id = await log({ category: 'safety', occurredAt: '2026-06-01T00:00:00Z' });
      await post(id, 'escalation', { level: 'executive', reason: 'Fire risk', occurredAt: '2026-06-01T01:00:00Z' }).expect(200);
      await post(id, 'resolution', { resolution: 'Replaced unit', occurredAt: '2026-06-02T01:00:01Z' }).expect(200);
      expect((await history(t.http, 'complaints', id)).at(-1)!.data).toMatchObject({ deadlineMet: false });
    });
  });

  describe('POST /complaints/{id}/resolution, /satisfaction and /reopening', () => {
    it('runs the whole life: log, acknowledge, resolve, satisfaction, reopen, resolve again, satisfaction again', async () => {
      const id = await log({ occurredAt: '2026-07-01T10:00:00Z' });
      expectProblem(await post(id, 'satisfaction', satisfaction()), 422, 'COMPLAINT_NOT_RESOLVED');
      expectProblem(await post(id, 'reopening', { reason: 'x' }), 422, 'COMPLAINT_NOT_RESOLVED');

      await post(id, 'acknowledgement', { occurredAt: '2026-07-01T10:20:00Z' }).expect(200);
      const resolved = await post(id, 'resolution', { resolution: 'Re-delivered with express', compensationAmount: 20, occurredAt: '2026-07-01T14:00:00Z' }).expect(200);
      expect(resolved.body).toEqual({ id, revision: 2, position: expect.any(Number) });
      expect(await state(id)).toMatchObject({ status: 'resolved', resolvedAt: '2026-07-01T14:00:00.000Z' });
      expect((await history(t.http, 'complaints', id)).at(-1)!.data).toMatchObject({ compensationAmount: 20, responseMinutes: 20, resolutionMinutes: 240, deadlineMet: null });

      expectProblem(await post(id, 'resolution', { resolution: 'Again' }), 422, 'COMPLAINT_NOT_OPEN');
      expectProblem(await post(id, 'escalation', { level: 'manager', reason: 'Late' }), 422, 'COMPLAINT_NOT_OPEN');

      await post(id, 'satisfaction', satisfaction({ comment: 'Fine in the end' })).expect(200);
      expect((await history(t.http, 'complaints', id)).at(-1)).toMatchObject({ type: 'SatisfactionRecorded', data: { gap: -1, likelihoodToRecommend: 7, wouldBuyAgain: true } });
      expectProblem(await post(id, 'satisfaction', satisfaction()), 422, 'SATISFACTION_ALREADY_RECORDED');

      await post(id, 'reopening', { reason: 'Second delivery also late' }).expect(200);
      expect(await state(id)).toMatchObject({ status: 'open', resolvedAt: null });
      expectProblem(await post(id, 'satisfaction', satisfaction()), 422, 'COMPLAINT_NOT_RESOLVED');
      await post(id, 'resolution', { resolution: 'Refunded' }).expect(200);
      await post(id, 'satisfaction', satisfaction({ perceivedService: 5 })).expect(200);
      expect((await history(t.http, 'complaints', id)).map((e) => e.type)).toEqual(['ComplaintLogged', 'ComplaintAcknowledged', 'ComplaintResolved', 'SatisfactionRecorded', 'ComplaintReopened', 'ComplaintResolved', 'SatisfactionRecorded']);
    });

    it('refuses an action dated before the complaint was logged (422 OCCURRED_BEFORE_LOGGED)', async () => {
      const id = await log({ occurredAt: '2026-08-01T12:00:00Z' });
      expectProblem(await post(id, 'acknowledgement', { occurredAt: '2026-08-01T11:59:00Z' }), 422, 'OCCURRED_BEFORE_LOGGED');
      expect(await historyLength(t.http, 'complaints', id)).toBe(1);
    });
  });

  describe('an unknown complaint', () => {
    it.each([
      ['acknowledgement', {}],
      ['escalation', { level: 'manager', reason: 'x' }],
      ['resolution', { resolution: 'x' }],
      ['reopening', { reason: 'x' }],
      ['satisfaction', satisfaction()],
    ])('POST /complaints/{id}/%s is 404 COMPLAINT_NOT_FOUND', async (route, body) => {
      const id = uid('ghost');
      expectProblem(await post(id, route, body), 404, 'COMPLAINT_NOT_FOUND');
      expectProblem(await t.http.get(`/complaints/${id}/state`), 404, 'COMPLAINT_NOT_FOUND');
    });
  });
});
