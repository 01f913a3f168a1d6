import { complaint, customer, personLead } from '../support/fixtures';
import { errorFields, expectProblem, history, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

describe('audit: history and time travel', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  describe('GET /{collection}/{id}/history', () => {
    let id: string;
    const started = new Date().toISOString();
    beforeAll(async () => {
      id = uid('lead');
      const alice = await t.as({ role: 'admin', ownerId: 'alice' });
      const bob = await t.as({ role: 'admin', ownerId: 'bob' });
      await alice.post('/leads').set('X-Correlation-Id', 'import-42').send(personLead({ id, occurredAt: '2026-01-01T09:00:00Z' })).expect(201);
      await alice.post(`/leads/${id}/qualification`).set('X-Correlation-Id', 'corr-2').send({ money: { has: true }, authority: { has: true }, need: { has: true } }).expect(200);
      await bob.post(`/leads/${id}/stage`).set('X-Correlation-Id', 'corr-3').send({ to: 'B' }).expect(200);
      await bob.post(`/leads/${id}/stage`).set('X-Correlation-Id', 'corr-4').send({ to: 'C', reason: 'Buyer went quiet' }).expect(200);
      // A key without an owner acts as itself.
      await t.http.post(`/leads/${id}/activities`).send({ activityId: 'a-1', activityType: 'call', outcome: 'Reached' }).expect(201);
    });

    it('lists every event oldest first with who, when, why and the correlation', async () => {
      const res = await t.http.get(`/leads/${id}/history`).expect(200);
      expect(res.body.nextCursor).toBeNull();
      const items = res.body.items;
      expect(items.map((e: { type: string }) => e.type)).toEqual(['LeadCaptured', 'LeadQualified', 'LeadStageAdvanced', 'LeadStageAdvanced', 'LeadActivityLogged']);
      expect(items.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expect(items.map((e: { actor: string }) => e.actor)).toEqual(['alice', 'alice', 'bob', 'bob', 'api-key:bootstrap']);
      expect(items.map((e: { correlationId: string }) => e.correlationId).slice(0, 4)).toEqual(['import-42', 'corr-2', 'corr-3', 'corr-4']);
      expect(items[4].correlationId).toEqual(expect.any(String));
      expect(items.map((e: { reason: string | null }) => e.reason)).toEqual([null, null, null, 'Buyer went quiet', null]);
      const positions = items.map((e: { position: number }) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);

      for (const e of items) {
        expect(e).toEqual({
          revision: expect.any(Number),
          position: expect.any(Number),
          type: expect.any(String),
          version: expect.any(Number),
          occurredAt: expect.any(String),
          recordedAt: expect.any(String),
          actor: expect.any(String),
          correlationId: expect.any(String),
          causationId: expect.any(String),
          reason: e.reason,
          data: expect.objectContaining({ leadId: id }),
        });
        expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(Date.parse(started) - 1000);
      }
      expect(items[0].occurredAt).toBe('2026-01-01T09:00:00.000Z');
      expect(items[3].data).toMatchObject({ from: 'B', to: 'C', direction: 'backward', reason: 'Buyer went quiet' });
      expect(new Set(items.map((e: { causationId: string }) => e.causationId)).size).toBe(5);
    });

    it('pages with limit and cursor; nextCursor is null on the last page', async () => {
      const page1 = await t.http.get(`/leads/${id}/history?limit=2`).expect(200);
      expect(page1.body.items.map((e: { revision: number }) => e.revision)).toEqual([0, 1]);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await t.http.get(`/leads/${id}/history`).query({ limit: 2, cursor: page1.body.nextCursor }).expect(200);
      expect(page2.body.items.map((e: { revision: number }) => e.revision)).toEqual([2, 3]);
      const page3 = await t.http.get(`/leads/${id}/history`).query({ limit: 2, cursor: page2.body.nextCursor }).expect(200);
      expect(page3.body).toEqual({ items: [expect.objectContaining({ revision: 4 })], nextCursor: null });

      const exact = await t.http.get(`/leads/${id}/history`).query({ limit: 5 }).expect(200);
      expect(exact.body.items).toHaveLength(5);
      expect(exact.body.nextCursor).toBeNull();
      const pastTheEnd = await t.http.get(`/leads/${id}/history`).query({ cursor: '4' }).expect(200);
      expect(pastTheEnd.body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses a bad limit or cursor (400)', async () => {
      for (const query of [{ limit: 0 }, { limit: 501 }, { limit: 'ten' }, { cursor: 'abc' }, { cursor: '-1' }, { other: 1 }]) {
        expectProblem(await t.http.get(`/leads/${id}/history`).query(query), 400, 'VALIDATION_FAILED');
      }
    });

    it('is 404 for an unknown record, in every collection', async () => {
      expectProblem(await t.http.get(`/leads/${uid('ghost')}/history`), 404, 'LEAD_NOT_FOUND');
      expectProblem(await t.http.get(`/customers/${uid('ghost')}/history`), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http.get(`/complaints/${uid('ghost')}/history`), 404, 'COMPLAINT_NOT_FOUND');
      expectProblem(await t.http.get(`/leads/${uid('ghost')}/history?cursor=3`), 404, 'LEAD_NOT_FOUND');
    });

    it('works for customers and complaints too', async () => {
      const customerId = uid('cust');
      const carol = await t.as({ role: 'admin', ownerId: 'carol' });
      await carol.post('/customers').send(customer({ id: customerId })).expect(201);
      await carol.post(`/customers/${customerId}/class`).send({ to: 'vip', reason: 'Three referrals' }).expect(200);
      const customerHistory = await history(t.http, 'customers', customerId);
      expect(customerHistory.map((e) => [e.type, e.actor, e.reason])).toEqual([
        ['CustomerRegistered', 'carol', null],
        ['CustomerClassChanged', 'carol', 'Three referrals'],
      ]);

      const complaintId = uid('cmp');
      await t.http.post('/complaints').send(complaint(customerId, { id: complaintId })).expect(201);
      await t.http.post(`/complaints/${complaintId}/escalation`).send({ level: 'supervisor', reason: 'Angry customer' }).expect(200);
      expect((await history(t.http, 'complaints', complaintId)).map((e) => [e.type, e.reason])).toEqual([
        ['ComplaintLogged', null],
        ['ComplaintEscalated', 'Angry customer'],
      ]);
    });
  });

  describe('GET /{collection}/{id}/state?asOf=|revision=', () => {
    let id: string;
    beforeAll(async () => {
      id = uid('lead');
      await t.http.post('/leads').send(personLead({ id, occurredAt: '2026-01-01T00:00:00Z' })).expect(201);
      await t.http.post(`/leads/${id}/stage`).send({ to: 'C', occurredAt: '2026-02-01T00:00:00Z' }).expect(200);
      await t.http.post(`/leads/${id}/stage`).send({ to: 'A', occurredAt: '2026-04-01T00:00:00Z' }).expect(200);
      // Recorded last, but it happened in March: business time decides where it belongs.
      await t.http.post(`/leads/${id}/owner`).send({ toOwnerId: 'rep-9', toTeamId: 'team-west', occurredAt: '2026-03-01T00:00:00Z' }).expect(200);
    });

    it('without asOf or revision: the record now', async () => {
      const res = await t.http.get(`/leads/${id}/state`).expect(200);
      expect(res.body).toEqual({ id, revision: 3, position: expect.any(Number), asOf: null, lastOccurredAt: '2026-03-01T00:00:00.000Z', state: expect.objectContaining({ stage: 'A', ownerId: 'rep-9' }) });
    });

    it('asOf a time between two events: the record as it stood then', async () => {
      const res = await t.http.get(`/leads/${id}/state`).query({ asOf: '2026-01-15T00:00:00Z' }).expect(200);
      expect(res.body).toMatchObject({ id, revision: 0, asOf: '2026-01-15T00:00:00Z', lastOccurredAt: '2026-01-01T00:00:00.000Z', state: { stage: 'D', ownerId: 'rep-1' } });
      const exactly = await t.http.get(`/leads/${id}/state`).query({ asOf: '2026-02-01T00:00:00Z' }).expect(200);
      expect(exactly.body).toMatchObject({ revision: 1, state: { stage: 'C' } });
    });

    it('asOf follows business time, so a back-dated event recorded later counts from when it happened', async () => {
      const march = await t.http.get(`/leads/${id}/state`).query({ asOf: '2026-03-15T00:00:00Z' }).expect(200);
      expect(march.body).toMatchObject({ revision: 3, lastOccurredAt: '2026-03-01T00:00:00.000Z', state: { stage: 'C', ownerId: 'rep-9' } });
      const february = await t.http.get(`/leads/${id}/state`).query({ asOf: '2026-02-15T00:00:00Z' }).expect(200);
      expect(february.body).toMatchObject({ revision: 1, state: { stage: 'C', ownerId: 'rep-1' } });
    });

    it('revision=N: the record after its N-th event', async () => {
      const first = await t.http.get(`/leads/${id}/state`).query({ revision: 0 }).expect(200);
      expect(first.body).toMatchObject({ revision: 0, asOf: null, state: { stage: 'D' } });
      const second = await t.http.get(`/leads/${id}/state`).query({ revision: 2 }).expect(200);
      expect(second.body).toMatchObject({ revision: 2, state: { stage: 'A', ownerId: 'rep-1' } });
    });

    it('asOf before the record existed is 404', async () => {
      expectProblem(await t.http.get(`/leads/${id}/state`).query({ asOf: '2025-12-31T23:59:59Z' }), 404, 'LEAD_NOT_FOUND');
    });

    it('a revision beyond the latest is 404 with currentRevision', async () => {
      const res = await t.http.get(`/leads/${id}/state`).query({ revision: 4 });
      expectProblem(res, 404, 'REVISION_NOT_FOUND');
      expect(res.body.currentRevision).toBe(3);
    });

    it('asOf and revision together are 400', async () => {
      const res = await t.http.get(`/leads/${id}/state`).query({ asOf: '2026-01-15T00:00:00Z', revision: 0 });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['revision']);
    });

    it('refuses a malformed asOf or revision (400)', async () => {
      for (const query of [{ asOf: 'last tuesday' }, { revision: -1 }, { revision: 'one' }, { revision: 1.5 }]) {
        expectProblem(await t.http.get(`/leads/${id}/state`).query(query), 400, 'VALIDATION_FAILED');
      }
    });

    it('is 404 for an unknown record', async () => {
      expectProblem(await t.http.get(`/leads/${uid('ghost')}/state`), 404, 'LEAD_NOT_FOUND');
      expectProblem(await t.http.get(`/leads/${uid('ghost')}/state?revision=0`), 404, 'LEAD_NOT_FOUND');
    });
  });
});
