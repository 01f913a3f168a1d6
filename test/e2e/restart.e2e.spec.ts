import { customer, personLead } from '../support/fixtures';
import { history, stateOf, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

describe('restart on the same DATA_DIR', () => {
  let first: TestApp;
  let second: TestApp | undefined;
  beforeAll(async () => (first = await startTestApp()));
  afterAll(async () => {
    await first.close();
    await (second ?? first).destroy();
  });

  it('the log, idempotency keys and revisions survive a restart; commands continue at the next revision', async () => {
    const leadId = uid('lead');
    const customerId = uid('cust');
    const aliceKey: string = (await first.http.post('/api-keys').send({ role: 'admin', ownerId: 'alice', label: 'restart test' }).expect(201)).body.key;
    await first.anonymous.post('/leads').set('X-API-Key', aliceKey).send(personLead({ id: leadId, occurredAt: '2026-01-01T00:00:00Z' })).expect(201);
    await first.http.post(`/leads/${leadId}/qualification`).send({ money: { has: true }, authority: { has: false }, need: { has: true } }).expect(200);
    await first.http.post(`/leads/${leadId}/stage`).send({ to: 'B' }).expect(200);
    await first.http.post(`/leads/${leadId}/stage`).send({ to: 'C', reason: 'Budget cut' }).expect(200);
    const keyed = await first.http.post(`/leads/${leadId}/activities`).set('Idempotency-Key', 'restart-key').send({ activityId: 'a-1', activityType: 'visit', outcome: 'Met' }).expect(201);
    await first.http.post('/customers').send(customer({ id: customerId })).expect(201);
    await first.http.post(`/customers/${customerId}/orders`).send({ orderId: 'o-1', items: [{ description: 'Tea', quantity: 2, unitPrice: 10 }] }).expect(201);

    const leadBefore = await first.http.get(`/leads/${leadId}/history`).expect(200);
    const customerBefore = await history(first.http, 'customers', customerId);
    const stateBefore = await stateOf(first.http, 'leads', leadId);
    await first.close();

    second = await startTestApp({ dataDir: first.dataDir });
    const leadAfter = await second.http.get(`/leads/${leadId}/history`).expect(200);
    expect(leadAfter.body).toEqual(leadBefore.body);
    expect(leadAfter.body.items).toHaveLength(5);
    expect(leadAfter.body.items[0].actor).toBe('alice');
    expect(await history(second.http, 'customers', customerId)).toEqual(customerBefore);
    expect(await stateOf(second.http, 'leads', leadId)).toEqual(stateBefore);
    expect(await stateOf(second.http, 'customers', customerId)).toMatchObject({ totals: { invoiced: 20, outstanding: 20 } });

    // The idempotency key is remembered across the restart.
    const replay = await second.http.post(`/leads/${leadId}/activities`).set('Idempotency-Key', 'restart-key').send({ activityId: 'a-1', activityType: 'visit', outcome: 'Met' }).expect(201);
    expect(replay.body).toEqual(keyed.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const next = await second.http.post(`/leads/${leadId}/stage`).set('If-Match', '"4"').send({ to: 'A' }).expect(200);
    expect(next.body.revision).toBe(5);
    const lastBefore = leadBefore.body.items.at(-1);
    expect(next.body.position).toBeGreaterThan(lastBefore.position);
    const created = await second.http.post('/leads').send(personLead({ id: uid('lead') })).expect(201);
    expect(created.body.position).toBeGreaterThan(next.body.position);
    // An API key issued before the restart still works after it.
    await second.anonymous.post(`/leads/${leadId}/activities`).set('X-API-Key', aliceKey).send({ activityId: 'a-2', activityType: 'call', outcome: 'Called back' }).expect(201);
    await second.http.post(`/customers/${customerId}/payments`).send({ paymentId: 'p-1', amount: 20, method: 'cash' }).expect(201);
    expect(await stateOf(second.http, 'customers', customerId)).toMatchObject({ revision: 2, totals: { paid: 20, outstanding: 0 } });
  });
});
