import { customer, complaint, personLead } from '../support/fixtures';
import { errorFields, expectProblem, history, historyLength, race, stateOf, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const activity = (overrides: Record<string, unknown> = {}) => ({ activityId: uid('act'), activityType: 'call', outcome: 'Reached the buyer', ...overrides });
const MAN = { money: { has: true }, authority: { has: true }, need: { has: true } };

describe('the shared HTTP contract', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  const capture = async (): Promise<string> => {
    const id = uid('lead');
    await t.http.post('/leads').send(personLead({ id })).expect(201);
    return id;
  };

  describe('validation: 400 problem with errors[].field, and nothing is appended', () => {
    let leadId: string;
    let customerId: string;
    let complaintId: string;
    beforeAll(async () => {
      leadId = await capture();
      customerId = uid('cust');
      await t.http.post('/customers').send(customer({ id: customerId })).expect(201);
      complaintId = uid('cmp');
      await t.http.post('/complaints').send(complaint(customerId, { id: complaintId })).expect(201);
      await t.http.post(`/complaints/${complaintId}/resolution`).send({ resolution: 'Done' }).expect(200);
    });

    const lengths = async () => [await historyLength(t.http, 'leads', leadId), await historyLength(t.http, 'customers', customerId), await historyLength(t.http, 'complaints', complaintId)];

    it.each<[string, () => [string, unknown], string[]]>([
      ['an unknown field', () => [`/leads/${leadId}/activities`, activity({ priority: 'high' })], ['priority']],
      ['an unknown nested field', () => [`/leads/${leadId}/qualification`, { ...MAN, money: { has: true, proof: 'bank' } }], ['money.proof']],
      ['an unknown field on capture (no lead is created)', () => ['/leads', personLead({ id: `${leadId}-x`, isAdmin: true })], ['isAdmin']],
      ['a wrong type (number for a string)', () => [`/leads/${leadId}/activities`, activity({ outcome: 42 })], ['outcome']],
      ['a wrong type (string for a number, no implicit conversion)', () => [`/leads/${leadId}/activities`, activity({ durationMinutes: '30' })], ['durationMinutes']],
      ['a wrong type (string for a boolean)', () => [`/leads/${leadId}/qualification`, { ...MAN, need: { has: 'yes' } }], ['need.has']],
      ['a missing required field', () => [`/leads/${leadId}/activities`, { activityId: 'a-1', activityType: 'call' }], ['outcome']],
      ['a value outside its enum', () => [`/leads/${leadId}/activities`, activity({ activityType: 'carrier_pigeon' })], ['activityType']],
      ['an over-long string', () => [`/leads/${leadId}/activities`, activity({ outcome: 'x'.repeat(2001) })], ['outcome']],
      ['an over-long name on capture', () => ['/leads', personLead({ name: 'x'.repeat(201) })], ['name']],
      ['an empty string where 1+ characters are needed', () => [`/leads/${leadId}/owner`, { toOwnerId: 'rep-2', toTeamId: 'team-east', reason: '' }], ['reason']],
      ['a credit score of 6', () => [`/customers/${customerId}/credit-assessments`, { assessmentId: 'a-1', scores: { character: 6, capacity: 3, capital: 3, collateral: 3, conditions: 3 }, requestedLimit: 1000 }], ['scores.character']],
      ['a credit score of 0 and 2.5', () => [`/customers/${customerId}/credit-assessments`, { assessmentId: 'a-1', scores: { character: 3, capacity: 0, capital: 2.5, collateral: 3, conditions: 3 }, requestedLimit: 1000 }], ['scores.capacity', 'scores.capital']],
      ['a likelihoodToRecommend of 11', () => [`/complaints/${complaintId}/satisfaction`, { expectedService: 3, perceivedService: 3, likelihoodToRecommend: 11, wouldBuyAgain: true }], ['likelihoodToRecommend']],
      ['a negative amount', () => [`/customers/${customerId}/orders`, { orderId: 'o-1', items: [{ description: 'x', quantity: 1, unitPrice: -1 }] }], ['items.0.unitPrice']],
      ['a bad item deep in an array', () => [`/customers/${customerId}/orders`, { orderId: 'o-1', items: [{ description: 'ok', quantity: 1, unitPrice: 1 }, { description: 'bad', quantity: 0, unitPrice: 1 }] }], ['items.1.quantity']],
      ['more than two decimals of money', () => [`/customers/${customerId}/payments`, { paymentId: 'p-1', amount: 1.001, method: 'cash' }], ['amount']],
      ['a bad nested object', () => ['/leads', personLead({ consent: { purposes: ['spam'] } })], ['consent.purposes']],
      ['a bad phone inside contacts, named by its field', () => ['/leads', personLead({ contacts: { phones: ['+86 138 0013 8000', 'call me'], emails: [] } })], ['contacts.phones']],
      ['an id that is not an id', () => ['/leads', personLead({ id: 'has spaces' })], ['id']],
      ['a non-ISO occurredAt', () => [`/leads/${leadId}/activities`, activity({ occurredAt: 'yesterday' })], ['occurredAt']],
      ['an occurredAt in the future', () => [`/leads/${leadId}/activities`, activity({ occurredAt: new Date(Date.now() + 24 * 3_600_000).toISOString() })], ['occurredAt']],
      ['an expectedRevision that is not an integer', () => [`/leads/${leadId}/activities`, activity({ expectedRevision: 'latest' })], ['expectedRevision']],
    ])('%s', async (_label, request, fields) => {
      const before = await lengths();
      const [path, body] = request();
      const res = await t.http.post(path).send(body as object);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res).sort()).toEqual([...fields].sort());
      for (const error of res.body.errors) expect(error.messages).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(await lengths()).toEqual(before);
    });

    it('a 400 for an unknown field on capture does not create the lead', async () => {
      const id = uid('lead');
      expectProblem(await t.http.post('/leads').send(personLead({ id, role: 'admin' })), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http.get(`/leads/${id}/history`), 404, 'LEAD_NOT_FOUND');
    });

    it('a body that is not an object is 400', async () => {
      const res = await t.http.post(`/leads/${leadId}/activities`).set('content-type', 'application/json').send('[1,2,3]');
      expectProblem(res, 400);
    });

    it('malformed JSON is a 400 problem and appends nothing', async () => {
      const before = await lengths();
      const res = await t.http.post(`/leads/${leadId}/activities`).set('content-type', 'application/json').send('{"activityId": "a-1", "activityType": ');
      expectProblem(res, 400);
      expect(await lengths()).toEqual(before);
    });

    it('an invalid id in the path is 400', async () => {
      const res = await t.http.post(`/leads/${'x'.repeat(65)}/activities`).send(activity());
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['id']);
    });

    it('an invalid X-Correlation-Id header is 400 and appends nothing', async () => {
      const before = await lengths();
      const res = await t.http.post(`/leads/${leadId}/activities`).set('X-Correlation-Id', 'robert"); drop table').send(activity());
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['X-Correlation-Id']);
      expect(await lengths()).toEqual(before);
    });

    it('an unknown route is a 404 problem', async () => {
      expectProblem(await t.http.get('/no-such-thing'), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await t.http.post('/leads/x/teleport').send({}), 404, 'ROUTE_NOT_FOUND');
    });
  });

  describe('occurredAt', () => {
    it('a back-dated fact is accepted and shown with its business time and the time it was recorded', async () => {
      const id = uid('lead');
      await t.http.post('/leads').send(personLead({ id, occurredAt: '2025-03-01T09:00:00+08:00' })).expect(201);
      const started = Date.now();
      await t.http.post(`/leads/${id}/activities`).send(activity({ occurredAt: '2025-03-02T10:00:00Z' })).expect(201);
      const [captured, logged] = await history(t.http, 'leads', id);
      expect(captured.occurredAt).toBe('2025-03-01T01:00:00.000Z');
      expect(logged.occurredAt).toBe('2025-03-02T10:00:00.000Z');
      expect(Date.parse(logged.recordedAt as string)).toBeGreaterThanOrEqual(started - 1000);
      expect((await stateOf(t.http, 'leads', id)).capturedAt).toBe('2025-03-01T01:00:00.000Z');
    });
  });

  describe('If-Match and expectedRevision', () => {
    it('a stale If-Match is 409 with currentRevision; the current one succeeds', async () => {
      const id = await capture();
      await t.http.post(`/leads/${id}/qualification`).send(MAN).expect(200);
      const stale = await t.http.post(`/leads/${id}/stage`).set('If-Match', '"0"').send({ to: 'C' });
      expectProblem(stale, 409, 'REVISION_CONFLICT');
      expect(stale.body).toMatchObject({ currentRevision: 1, expectedRevision: 0 });
      expect(stale.headers.etag).toBe('"1"');
      expect(await historyLength(t.http, 'leads', id)).toBe(2);

      const ok = await t.http.post(`/leads/${id}/stage`).set('If-Match', '"1"').send({ to: 'C' }).expect(200);
      expect(ok.body).toEqual({ id, revision: 2, position: expect.any(Number) });
      await t.http.post(`/leads/${id}/stage`).set('If-Match', 'W/"2"').send({ to: 'B' }).expect(200);
      await t.http.post(`/leads/${id}/stage`).set('If-Match', '3').send({ to: 'A' }).expect(200);
      expect((await stateOf(t.http, 'leads', id)).stage).toBe('A');
    });

    it('expectedRevision in the body works the same', async () => {
      const id = await capture();
      const stale = await t.http.post(`/leads/${id}/owner`).send({ toOwnerId: 'rep-5', toTeamId: 'team-east', expectedRevision: 3 });
      expectProblem(stale, 409, 'REVISION_CONFLICT');
      expect(stale.body.currentRevision).toBe(0);
      await t.http.post(`/leads/${id}/owner`).send({ toOwnerId: 'rep-5', toTeamId: 'team-east', expectedRevision: 0 }).expect(200);
      const [, reassigned] = await history(t.http, 'leads', id);
      expect(reassigned.data).not.toHaveProperty('expectedRevision');
    });

    it('expectedRevision -1 means "must not exist yet": a second capture with it is 409, not 409 LEAD_ALREADY_EXISTS', async () => {
      const id = uid('lead');
      await t.http.post('/leads').send(personLead({ id, expectedRevision: -1 })).expect(201);
      const again = await t.http.post('/leads').send(personLead({ id, expectedRevision: -1 }));
      expectProblem(again, 409, 'REVISION_CONFLICT');
      expect(again.body.currentRevision).toBe(0);
    });

    it('If-Match and expectedRevision that disagree are 400', async () => {
      const id = await capture();
      const res = await t.http.post(`/leads/${id}/stage`).set('If-Match', '"0"').send({ to: 'C', expectedRevision: 1 });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['expectedRevision']);
      await t.http.post(`/leads/${id}/stage`).set('If-Match', '"0"').send({ to: 'C', expectedRevision: 0 }).expect(200);
    });

    it('a garbage If-Match is 400 and appends nothing', async () => {
      const id = await capture();
      for (const value of ['abc', '"1', '1"', 'W/1', '-1', '1.5', '"1", "2"']) {
        const res = await t.http.post(`/leads/${id}/stage`).set('If-Match', value).send({ to: 'C' });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual(['If-Match']);
      }
      expect(await historyLength(t.http, 'leads', id)).toBe(1);
    });
  });

  describe('Idempotency-Key', () => {
    it('the same key and body replays the first answer (Idempotent-Replayed: true) without appending', async () => {
      const id = await capture();
      const key = uid('key');
      const body = activity();
      const first = await t.http.post(`/leads/${id}/activities`).set('Idempotency-Key', key).send(body).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await t.http.post(`/leads/${id}/activities`).set('Idempotency-Key', key).send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await historyLength(t.http, 'leads', id)).toBe(2);
    });

    it('a replayed capture without a client id answers with the same generated id and creates one lead', async () => {
      const key = uid('key');
      const body = personLead({ name: `Replay ${key}` });
      const first = await t.http.post('/leads').set('Idempotency-Key', key).send(body).expect(201);
      const again = await t.http.post('/leads').set('Idempotency-Key', key).send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await historyLength(t.http, 'leads', first.body.id)).toBe(1);
    });

    it('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const id = await capture();
      const key = uid('key');
      await t.http.post(`/leads/${id}/owner`).set('Idempotency-Key', key).send({ toOwnerId: 'rep-2', toTeamId: 'team-east' }).expect(200);
      expectProblem(await t.http.post(`/leads/${id}/owner`).set('Idempotency-Key', key).send({ toOwnerId: 'rep-3', toTeamId: 'team-east' }), 422, 'IDEMPOTENCY_KEY_REUSED');
      expectProblem(await t.http.post(`/leads/${id}/qualification`).set('Idempotency-Key', key).send(MAN), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect((await stateOf(t.http, 'leads', id)).ownerId).toBe('rep-2');
      expect(await historyLength(t.http, 'leads', id)).toBe(2);
    });

    it('keys belong to the caller: the same key from another caller is a new request', async () => {
      const id = await capture();
      const key = uid('key');
      const [alice, bob] = [await t.as({ role: 'admin', ownerId: 'alice' }), await t.as({ role: 'admin', ownerId: 'bob' })];
      const a = await alice.post(`/leads/${id}/qualification`).set('Idempotency-Key', key).send(MAN).expect(200);
      const b = await bob.post(`/leads/${id}/qualification`).set('Idempotency-Key', key).send(MAN).expect(200);
      expect(b.headers['idempotent-replayed']).toBeUndefined();
      expect([a.body.revision, b.body.revision]).toEqual([1, 2]);
      const again = await alice.post(`/leads/${id}/qualification`).set('Idempotency-Key', key).send(MAN).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(a.body);
      expect((await history(t.http, 'leads', id)).map((e) => e.actor)).toEqual(['api-key:bootstrap', 'alice', 'bob']);
    });

    it('a refused request is not remembered: the same key and body is refused again, and a corrected body then succeeds', async () => {
      const id = await capture();
      const key = uid('key');
      const refused = await t.http.post(`/leads/${id}/stage`).set('Idempotency-Key', key).send({ to: 'won' });
      expectProblem(refused, 422, 'WON_AMOUNT_REQUIRED');
      const again = await t.http.post(`/leads/${id}/stage`).set('Idempotency-Key', key).send({ to: 'won' });
      expectProblem(again, 422, 'WON_AMOUNT_REQUIRED');
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect(await historyLength(t.http, 'leads', id)).toBe(1);

      const fixed = await t.http.post(`/leads/${id}/stage`).set('Idempotency-Key', key).send({ to: 'won', amount: 500 }).expect(200);
      expect(fixed.body).toMatchObject({ id, revision: 1, customer: { id, revision: 0 } });
      const replay = await t.http.post(`/leads/${id}/stage`).set('Idempotency-Key', key).send({ to: 'won', amount: 500 }).expect(200);
      expect(replay.body).toEqual(fixed.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    });

    it('an invalid key is 400', async () => {
      const id = await capture();
      const res = await t.http.post(`/leads/${id}/qualification`).set('Idempotency-Key', 'has spaces in it').send(MAN);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['Idempotency-Key']);
    });
  });

  describe('concurrency (requests that really race: sent at once over open connections)', () => {
    it('20 concurrent activities on one lead without If-Match all succeed: none is lost, none is refused', async () => {
      const id = await capture();
      const responses = await race(t.app, Array.from({ length: 20 }, (_, i) => ({ method: 'POST' as const, path: `/leads/${id}/activities`, body: activity({ activityId: `act-${i}` }) })));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(responses.map((r) => r.body.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const state = await stateOf(t.http, 'leads', id);
      expect(state.revision).toBe(20);
      expect([...state.activityIds].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `act-${i}`).sort());
    });

    it('20 concurrent commands with the same If-Match: exactly one wins, the others are 409 with the current revision', async () => {
      const id = await capture();
      const responses = await race(
        t.app,
        Array.from({ length: 20 }, (_, i) => ({ method: 'POST' as const, path: `/leads/${id}/owner`, headers: { 'If-Match': '"0"' }, body: { toOwnerId: `rep-${100 + i}`, toTeamId: 'team-east' } })),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
      for (const r of responses.filter((r) => r.status === 409)) expect(r.body).toMatchObject({ code: 'REVISION_CONFLICT', currentRevision: 1, expectedRevision: 0 });
      const winner = responses.find((r) => r.status === 200)!;
      expect(winner.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect(await historyLength(t.http, 'leads', id)).toBe(2);
    });

    it('20 concurrent captures of one id: exactly one lead is created, the others are 409', async () => {
      const id = uid('lead');
      const responses = await race(t.app, Array.from({ length: 20 }, (_, i) => ({ method: 'POST' as const, path: '/leads', body: personLead({ id, name: `Racer ${i}` }) })));
      expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
      expect(await historyLength(t.http, 'leads', id)).toBe(1);
    });

    it('the same Idempotency-Key sent 10 times at once appends once', async () => {
      const id = await capture();
      const responses = await race(t.app, Array.from({ length: 10 }, () => ({ method: 'POST' as const, path: `/leads/${id}/qualification`, headers: { 'Idempotency-Key': 'same-key-race' }, body: MAN })));
      const ok = responses.filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const r of ok) expect(r.body).toEqual(ok[0].body);
      for (const r of responses.filter((r) => r.status !== 200)) expect(r.body).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_IN_USE' });
      expect(await historyLength(t.http, 'leads', id)).toBe(2);
    });
  });

  describe('body size', () => {
    let small: TestApp;
    beforeAll(async () => (small = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' } })));
    afterAll(() => small.destroy());

    it('a body over BODY_LIMIT_BYTES is a 413 problem and appends nothing', async () => {
      const id = uid('lead');
      await small.http.post('/leads').send(personLead({ id })).expect(201);
      const res = await small.http.post(`/leads/${id}/activities`).send(activity({ notes: 'x'.repeat(3000) }));
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(await historyLength(small.http, 'leads', id)).toBe(1);
      await small.http.post(`/leads/${id}/activities`).send(activity({ notes: 'x'.repeat(1000) })).expect(201);
    });
  });
});
