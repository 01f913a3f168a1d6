import { customer } from '../support/fixtures';
import { expectProblem, history, historyLength, stateOf, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const scores = (character: number, capacity: number, capital: number, collateral: number, conditions: number) => ({ character, capacity, capital, collateral, conditions });
const item = (unitPrice: number, quantity = 1) => ({ sku: 'SKU-1', description: 'Tea set', quantity, unitPrice });

describe('customers over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  const register = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = uid('cust');
    await t.http.post('/customers').send(customer({ id, ...overrides })).expect(201);
    return id;
  };
  const post = (id: string, route: string, body: Record<string, unknown>) => t.http.post(`/customers/${id}/${route}`).send(body);
  const file = (id: string) => stateOf(t.http, 'customers', id);
  const assess = (id: string, s: ReturnType<typeof scores>, requestedLimit: number) => post(id, 'credit-assessments', { assessmentId: uid('ca'), scores: s, requestedLimit });

  describe('POST /customers', () => {
    it('opens a customer file (201) of class new with zero receivables', async () => {
      const id = uid('cust');
      const res = await t.http.post('/customers').send(customer({ id, individual: { education: 'MBA' } })).expect(201);
      expect(res.body).toEqual({ id, revision: 0, position: expect.any(Number) });
      expect(await file(id)).toMatchObject({
        exists: true,
        customerId: id,
        kind: 'person',
        name: 'Zhang Min',
        customerClass: 'new',
        individual: { education: 'MBA' },
        totals: { invoiced: 0, paid: 0, returned: 0, discounted: 0, outstanding: 0 },
      });
      expect(await file(id)).not.toHaveProperty('credit');
    });

    it('refuses a second file with the same id (409 CUSTOMER_ALREADY_EXISTS)', async () => {
      const id = await register();
      expectProblem(await t.http.post('/customers').send(customer({ id })), 409, 'CUSTOMER_ALREADY_EXISTS');
    });

    it('refuses organisation facts on a person (422 PROFILE_KIND_MISMATCH)', async () => {
      expectProblem(await t.http.post('/customers').send(customer({ id: uid('cust'), organisation: { region: 'Zhejiang' } })), 422, 'PROFILE_KIND_MISMATCH');
    });

    it('refuses a file kept for no purpose (422 CONSENT_REQUIRED)', async () => {
      expectProblem(await t.http.post('/customers').send(customer({ id: uid('cust'), consent: { purposes: [] } })), 422, 'CONSENT_REQUIRED');
    });
  });

  describe('POST /customers/{id}/profile', () => {
    it('patches the file: changed fields are listed, omitted ones stay, null clears', async () => {
      const id = await register({ contacts: { phones: ['+86 139 0000 1111'], emails: [], address: 'Old Street 1' } });
      const res = await post(id, 'profile', { name: 'Zhang Min (Ms)', contacts: { address: null, emails: ['zm@example.com'] }, individual: { interests: 'Go' } }).expect(200);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      const state = await file(id);
      expect(state.name).toBe('Zhang Min (Ms)');
      expect(state.contacts).toEqual({ phones: ['+86 139 0000 1111'], emails: ['zm@example.com'] });
      expect(state.individual).toEqual({ interests: 'Go' });
      expect((await history(t.http, 'customers', id)).at(-1)!.data.changedFields).toEqual(['name', 'contacts.emails', 'contacts.address', 'individual.interests']);
    });

    it('refuses an update that changes nothing (422 NO_CHANGES)', async () => {
      const id = await register();
      expectProblem(await post(id, 'profile', { name: 'Zhang Min' }), 422, 'NO_CHANGES');
    });
  });

  describe('POST /customers/{id}/credit-assessments (5C)', () => {
    it.each([
      ['A (sum 25)', scores(5, 5, 5, 5, 5), 'A', 10000],
      ['A (sum 21)', scores(5, 4, 4, 4, 4), 'A', 10000],
      ['B (sum 20)', scores(4, 4, 4, 4, 4), 'B', 7500],
      ['B (sum 16)', scores(4, 3, 3, 3, 3), 'B', 7500],
      ['C (sum 15)', scores(3, 3, 3, 3, 3), 'C', 5000],
      ['C (sum 11)', scores(3, 2, 2, 2, 2), 'C', 5000],
      ['D (sum 10)', scores(2, 2, 2, 2, 2), 'D', 0],
      ['D (character 1 caps, sum 21)', scores(1, 5, 5, 5, 5), 'D', 0],
    ])('rates %s and scales the requested limit of 10000', async (_label, s, rating, creditLimit) => {
      const id = await register();
      const res = await assess(id, s, 10000).expect(201);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect((await file(id)).credit).toEqual({ rating, creditLimit, assessedAt: expect.any(String) });
    });

    it('the latest assessment replaces the earlier one', async () => {
      const id = await register();
      await assess(id, scores(5, 5, 5, 5, 5), 20000).expect(201);
      await assess(id, scores(3, 3, 3, 3, 3), 20000).expect(201);
      expect((await file(id)).credit).toMatchObject({ rating: 'C', creditLimit: 10000 });
    });
  });

  describe('POST /customers/{id}/contracts', () => {
    it('records a contract (201); the same contractId again is 409 DUPLICATE_CONTRACT', async () => {
      const id = await register();
      const body = { contractId: 'k-1', title: 'Annual supply', amount: 120000, signedOn: '2026-10-01', startsOn: '2026-10-01', endsOn: '2027-09-30' };
      await post(id, 'contracts', body).expect(201);
      expect((await file(id)).contracts).toEqual(['k-1']);
      expectProblem(await post(id, 'contracts', body), 409, 'DUPLICATE_CONTRACT');
    });

    it('refuses a contract that ends before it starts (422 INVALID_CONTRACT_PERIOD)', async () => {
      const id = await register();
      expectProblem(await post(id, 'contracts', { contractId: 'k-2', title: 'Odd', amount: 1, signedOn: '2026-10-01', startsOn: '2026-10-01', endsOn: '2026-09-01' }), 422, 'INVALID_CONTRACT_PERIOD');
    });
  });

  describe('receivables: orders, payments, returns, discounts', () => {
    it('keeps invoiced, paid, returned, discounted and outstanding per the archive', async () => {
      const id = await register();
      await post(id, 'contracts', { contractId: 'k-1', title: 'Supply', amount: 5000, signedOn: '2026-10-01' }).expect(201);
      const order = await post(id, 'orders', { orderId: 'o-1', contractId: 'k-1', items: [item(100, 3), item(50.5, 2)], dueOn: '2026-12-31' }).expect(201);
      expect(order.body).toEqual({ id, revision: 2, position: expect.any(Number) });
      expect((await file(id)).totals).toEqual({ invoiced: 401, paid: 0, returned: 0, discounted: 0, outstanding: 401 });
      expect((await file(id)).orders['o-1']).toEqual({ amount: 401, paid: 0, returned: 0, discounted: 0 });

      await post(id, 'payments', { paymentId: 'p-1', orderId: 'o-1', amount: 200, method: 'bank_transfer' }).expect(201);
      await post(id, 'returns', { returnId: 'r-1', orderId: 'o-1', amount: 50.5, reason: 'One cup broken' }).expect(201);
      await post(id, 'discounts', { discountId: 'd-1', orderId: 'o-1', amount: 0.5, reason: 'Rounding goodwill' }).expect(201);
      await post(id, 'orders', { orderId: 'o-2', items: [item(99.99)] }).expect(201);
      await post(id, 'payments', { paymentId: 'p-2', amount: 49.99, method: 'cash' }).expect(201);

      const state = await file(id);
      expect(state.totals).toEqual({ invoiced: 500.99, paid: 249.99, returned: 50.5, discounted: 0.5, outstanding: 200 });
      expect(state.orders['o-1']).toEqual({ amount: 401, paid: 200, returned: 50.5, discounted: 0.5 });
      expect(state.orders['o-2']).toEqual({ amount: 99.99, paid: 0, returned: 0, discounted: 0 });
    });

    it('a duplicate orderId is 409 DUPLICATE_ORDER and counts nothing twice', async () => {
      const id = await register();
      await post(id, 'orders', { orderId: 'o-1', items: [item(100)] }).expect(201);
      expectProblem(await post(id, 'orders', { orderId: 'o-1', items: [item(100)] }), 409, 'DUPLICATE_ORDER');
      expect((await file(id)).totals.invoiced).toBe(100);
    });

    it('an order naming an unknown contract is 422 CONTRACT_NOT_FOUND', async () => {
      const id = await register();
      expectProblem(await post(id, 'orders', { orderId: 'o-1', contractId: 'k-none', items: [item(1)] }), 422, 'CONTRACT_NOT_FOUND');
    });

    it('refuses an order beyond the credit limit (422 CREDIT_LIMIT_EXCEEDED) unless a creditOverrideReason is given', async () => {
      const id = await register();
      await assess(id, scores(4, 4, 4, 4, 4), 1000).expect(201); // B: limit 750
      await post(id, 'orders', { orderId: 'o-1', items: [item(500)] }).expect(201);
      const refused = await post(id, 'orders', { orderId: 'o-2', items: [item(251)] });
      expectProblem(refused, 422, 'CREDIT_LIMIT_EXCEEDED');
      expect(refused.body.details).toEqual({ creditLimit: 750, outstanding: 500, orderAmount: 251 });
      await post(id, 'orders', { orderId: 'o-3', items: [item(250)] }).expect(201); // exactly at the limit
      expect((await file(id)).totals.outstanding).toBe(750);

      await post(id, 'orders', { orderId: 'o-2', items: [item(251)], creditOverrideReason: 'Long-standing customer, approved by sales director' }).expect(201);
      expect((await file(id)).totals.outstanding).toBe(1001);
      expect((await history(t.http, 'customers', id)).at(-1)).toMatchObject({ type: 'OrderPlaced', reason: 'Long-standing customer, approved by sales director' });
    });

    it('a D rating allows no credit at all', async () => {
      const id = await register();
      await assess(id, scores(1, 5, 5, 5, 5), 100000).expect(201);
      expectProblem(await post(id, 'orders', { orderId: 'o-1', items: [item(0.01)] }), 422, 'CREDIT_LIMIT_EXCEEDED');
    });

    it('refuses a payment beyond what is outstanding (422 PAYMENT_EXCEEDS_OUTSTANDING), on the account or on one order', async () => {
      const id = await register();
      await post(id, 'orders', { orderId: 'o-1', items: [item(100)] }).expect(201);
      await post(id, 'orders', { orderId: 'o-2', items: [item(30)] }).expect(201);
      expectProblem(await post(id, 'payments', { paymentId: 'p-1', amount: 130.01, method: 'card' }), 422, 'PAYMENT_EXCEEDS_OUTSTANDING');
      expectProblem(await post(id, 'payments', { paymentId: 'p-1', orderId: 'o-2', amount: 31, method: 'card' }), 422, 'PAYMENT_EXCEEDS_OUTSTANDING');
      expectProblem(await post(id, 'payments', { paymentId: 'p-1', orderId: 'o-9', amount: 1, method: 'card' }), 422, 'ORDER_NOT_FOUND');
      await post(id, 'payments', { paymentId: 'p-1', amount: 130, method: 'card' }).expect(201);
      expectProblem(await post(id, 'payments', { paymentId: 'p-1', amount: 1, method: 'card' }), 409, 'DUPLICATE_PAYMENT');
      expect((await file(id)).totals).toMatchObject({ paid: 130, outstanding: 0 });
    });

    it('refuses a return beyond the order (422 RETURN_EXCEEDS_ORDER) and a discount beyond what is outstanding (422 DISCOUNT_EXCEEDS_OUTSTANDING)', async () => {
      const id = await register();
      await post(id, 'orders', { orderId: 'o-1', items: [item(100)] }).expect(201);
      await post(id, 'returns', { returnId: 'r-1', orderId: 'o-1', amount: 60, reason: 'Damaged' }).expect(201);
      expectProblem(await post(id, 'returns', { returnId: 'r-2', orderId: 'o-1', amount: 40.01, reason: 'More damage' }), 422, 'RETURN_EXCEEDS_ORDER');
      expectProblem(await post(id, 'discounts', { discountId: 'd-1', amount: 40.01, reason: 'Goodwill' }), 422, 'DISCOUNT_EXCEEDS_OUTSTANDING');
      await post(id, 'discounts', { discountId: 'd-1', amount: 40, reason: 'Goodwill' }).expect(201);
      expectProblem(await post(id, 'discounts', { discountId: 'd-1', amount: 1, reason: 'Again' }), 409, 'DUPLICATE_DISCOUNT');
      expect((await file(id)).totals).toEqual({ invoiced: 100, paid: 0, returned: 60, discounted: 40, outstanding: 0 });
    });
  });

  describe('POST /customers/{id}/identity-verifications', () => {
    it('records a real-name check; re-verification defaults to one year later', async () => {
      const id = await register();
      await post(id, 'identity-verifications', { verificationId: 'v-1', method: 'id_card', documentType: 'resident_id', documentNumber: '110101199003070000', verifiedOn: '2026-11-20' }).expect(201);
      expect((await file(id)).identity).toEqual({ verifiedOn: '2026-11-20', reverifyBy: '2027-11-20' });
      await post(id, 'identity-verifications', { verificationId: 'v-2', method: 'in_person', verifiedOn: '2026-11-21', reverifyBy: '2027-05-21' }).expect(201);
      expect((await file(id)).identity).toEqual({ verifiedOn: '2026-11-21', reverifyBy: '2027-05-21' });
    });

    it('refuses a re-verification date before the check (422 INVALID_REVERIFY_DATE)', async () => {
      const id = await register();
      expectProblem(await post(id, 'identity-verifications', { verificationId: 'v-1', method: 'passport', verifiedOn: '2026-11-20', reverifyBy: '2026-11-19' }), 422, 'INVALID_REVERIFY_DATE');
    });
  });

  describe('POST /customers/{id}/class', () => {
    it('changes the class (200) and refuses the class it already has (422 CLASS_UNCHANGED)', async () => {
      const id = await register();
      const res = await post(id, 'class', { to: 'vip', reason: 'Referred three buyers this year' }).expect(200);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect((await file(id)).customerClass).toBe('vip');
      expect((await history(t.http, 'customers', id)).at(-1)).toMatchObject({ type: 'CustomerClassChanged', reason: 'Referred three buyers this year', data: { from: 'new', to: 'vip' } });
      expectProblem(await post(id, 'class', { to: 'vip' }), 422, 'CLASS_UNCHANGED');
    });
  });

  describe('an unknown customer', () => {
    it.each([
      ['profile', { name: 'X' }],
      ['credit-assessments', { assessmentId: 'a-1', scores: scores(3, 3, 3, 3, 3), requestedLimit: 1 }],
      ['contracts', { contractId: 'k-1', title: 'T', amount: 1, signedOn: '2026-10-01' }],
      ['orders', { orderId: 'o-1', items: [item(1)] }],
      ['payments', { paymentId: 'p-1', amount: 1, method: 'cash' }],
      ['returns', { returnId: 'r-1', orderId: 'o-1', amount: 1, reason: 'x' }],
      ['discounts', { discountId: 'd-1', amount: 1, reason: 'x' }],
      ['identity-verifications', { verificationId: 'v-1', method: 'other', verifiedOn: '2026-11-20' }],
      ['class', { to: 'vip' }],
    ])('POST /customers/{id}/%s is 404 CUSTOMER_NOT_FOUND', async (route, body) => {
      const id = uid('ghost');
      expectProblem(await post(id, route, body), 404, 'CUSTOMER_NOT_FOUND');
      expectProblem(await t.http.get(`/customers/${id}/history`), 404, 'CUSTOMER_NOT_FOUND');
    });
  });

  it('a refused command leaves the file as it was', async () => {
    const id = await register();
    await post(id, 'orders', { orderId: 'o-1', items: [item(10)] }).expect(201);
    const before = await historyLength(t.http, 'customers', id);
    expectProblem(await post(id, 'payments', { paymentId: 'p-1', amount: 11, method: 'cash' }), 422, 'PAYMENT_EXCEEDS_OUTSTANDING');
    expect(await historyLength(t.http, 'customers', id)).toBe(before);
    expect((await file(id)).paymentIds).toEqual([]);
  });
});
