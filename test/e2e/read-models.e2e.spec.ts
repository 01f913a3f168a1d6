import type { Response } from 'supertest';
import { complaint, customer, organisationLead, personLead } from '../support/fixtures';
import { expectProblem, hoursAgo, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const MAN = (money: boolean, authority: boolean, need: boolean) => ({ money: { has: money }, authority: { has: authority }, need: { has: need } });
const scores = (s: number) => ({ character: s, capacity: s, capital: s, collateral: s, conditions: s });
const item = (unitPrice: number, quantity = 1) => ({ sku: 'SKU-1', description: 'Tea set', quantity, unitPrice });
const ids = (res: Response): string[] => (res.body.items as { leadId?: string; customerId?: string; complaintId?: string }[]).map((i) => (i.leadId ?? i.complaintId ?? i.customerId)!);
const sorted = (values: readonly string[]) => [...values].sort();
/** The UTC day of an ISO time, `YYYY-MM-DD`. */
const dayOf = (iso: string) => iso.slice(0, 10);

describe('read side over HTTP: leads, customers and complaints', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  /**
   * The highest position any command of this file answered. Reads pass it as minPosition: they
   * see every write made so far, without sleeping or polling.
   */
  let written = 0;
  const seen = (res: Response): Response => {
    written = Math.max(written, res.body.position);
    return res;
  };
  const post = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> => {
    const res = await t.http.post(path).set(headers).send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return seen(res);
  };
  /** A read of one's own writes: `path` may carry a query string already. */
  const read = (path: string) => t.http.get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${written}`);

  const capture = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = uid('lead');
    await post('/leads', personLead({ id, ...overrides }));
    return id;
  };
  const register = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = uid('cust');
    await post('/customers', customer({ id, ...overrides }));
    return id;
  };

  describe('GET /leads', () => {
    it('filters by stage, owner, team and source, alone and together', async () => {
      const owner = uid('rep');
      const team = uid('team');
      const a = await capture({ ownerId: owner, teamId: team, source: 'web' });
      const b = await capture({ ownerId: owner, teamId: team, source: 'trade_show' });
      const c = await capture({ ownerId: owner, teamId: uid('team'), source: 'web' });
      const d = await capture({ ownerId: uid('rep'), teamId: team, source: 'web' });
      await post(`/leads/${b}/stage`, { to: 'C' });

      const list = async (query: string) => sorted(ids(await read(`/leads?${query}`).expect(200)));
      expect(await list(`ownerId=${owner}`)).toEqual(sorted([a, b, c]));
      expect(await list(`ownerId=${owner}&stage=C`)).toEqual([b]);
      expect(await list(`ownerId=${owner}&stage=D`)).toEqual(sorted([a, c]));
      expect(await list(`ownerId=${owner}&stage=won`)).toEqual([]);
      expect(await list(`teamId=${team}`)).toEqual(sorted([a, b, d]));
      expect(await list(`ownerId=${owner}&source=web`)).toEqual(sorted([a, c]));
      expect(await list(`teamId=${team}&stage=D&source=web`)).toEqual(sorted([a, d]));
    });

    it('filters by MAN class (the + URL-encoded as %2B) and shows the class and recommended action', async () => {
      const owner = uid('rep');
      const ideal = await capture({ ownerId: owner });
      const noAuthority = await capture({ ownerId: owner });
      await capture({ ownerId: owner }); // not qualified
      await post(`/leads/${ideal}/qualification`, MAN(true, true, true));
      await post(`/leads/${noAuthority}/qualification`, MAN(true, false, true));

      const res = await read(`/leads?ownerId=${owner}&manClass=M%2BA%2BN`).expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ leadId: ideal, manClass: 'M+A+N', recommendedAction: 'pursue_now' })]);
      const other = await read(`/leads?ownerId=${owner}&manClass=M%2Ba%2BN`).expect(200);
      expect(other.body.items).toEqual([expect.objectContaining({ leadId: noAuthority, manClass: 'M+a+N', recommendedAction: 'find_decision_maker' })]);
      expect(ids(await read(`/leads?ownerId=${owner}&manClass=m%2Ba%2Bn`).expect(200))).toEqual([]);
      // An unencoded + is a space in a query string: "M A N" is no MAN class.
      expectProblem(await read(`/leads?ownerId=${owner}&manClass=M+A+N`), 400, 'VALIDATION_FAILED');
    });

    it('filters by product of interest', async () => {
      const product = uid('product');
      const interested = await capture({ productInterest: ['crm-suite', product] });
      await capture({ productInterest: ['crm-suite'] });
      expect(ids(await read(`/leads?product=${product}`).expect(200))).toEqual([interested]);
    });

    it('filters open leads by follow-up: overdue, or due today (UTC)', async () => {
      const owner = uid('rep');
      const overdue = await capture({ ownerId: owner, occurredAt: hoursAgo(96) });
      const dueToday = await capture({ ownerId: owner });
      const later = await capture({ ownerId: owner });
      const closed = await capture({ ownerId: owner, occurredAt: hoursAgo(96) });
      await capture({ ownerId: owner }); // no follow-up at all
      const endOfToday = `${dayOf(new Date().toISOString())}T23:59:59.000Z`;
      const activity = (id: string, body: Record<string, unknown>) => post(`/leads/${id}/activities`, { activityId: uid('act'), activityType: 'call', outcome: 'Talked', ...body });
      await activity(overdue, { occurredAt: hoursAgo(72), nextFollowUpAt: hoursAgo(48) });
      await activity(closed, { occurredAt: hoursAgo(72), nextFollowUpAt: hoursAgo(48) });
      await post(`/leads/${closed}/stage`, { to: 'lost', reason: 'No budget' });
      await activity(dueToday, { nextFollowUpAt: endOfToday });
      await activity(later, { nextFollowUpAt: new Date(Date.now() + 72 * 3_600_000).toISOString() });

      expect(ids(await read(`/leads?ownerId=${owner}&followUp=overdue`).expect(200))).toEqual([overdue]);
      const today = await read(`/leads?ownerId=${owner}&followUp=due-today`).expect(200);
      expect(today.body.items).toEqual([expect.objectContaining({ leadId: dueToday, nextFollowUpAt: endOfToday, lastActivityType: 'call', activityCount: 1 })]);
      expectProblem(await read(`/leads?ownerId=${owner}&followUp=tomorrow`), 400, 'VALIDATION_FAILED');
    });

    it('searches names and legal names, case-insensitively and literally (no wildcards, no patterns)', async () => {
      const owner = uid('rep');
      const token = uid('zhou').replace('-', '');
      const person = await capture({ ownerId: owner, name: `Wang ${token}` });
      const organisation = uid('lead');
      await post('/leads', organisationLead({ id: organisation, ownerId: owner, name: 'Tea House', organisation: { legalName: `${token} Trading Ltd` } }));
      await capture({ ownerId: owner, name: 'Somebody Else' });

      expect(sorted(ids(await read(`/leads?q=${token.toUpperCase()}`).expect(200)))).toEqual(sorted([person, organisation]));
      expect(ids(await read(`/leads?q=${encodeURIComponent(`wang ${token}`)}`).expect(200))).toEqual([person]);
      for (const pattern of ['%', '_', '.*', '*', "' OR '1'='1"]) {
        expect({ pattern, ids: ids(await read(`/leads?ownerId=${owner}&q=${encodeURIComponent(pattern)}`).expect(200)) }).toEqual({ pattern, ids: [] });
      }
    });

    it('sorts by capture time (newest first by default), stage entry, follow-up and amount', async () => {
      const owner = uid('rep');
      const oldest = await capture({ ownerId: owner, expectedAmount: 300, occurredAt: hoursAgo(3) });
      const newest = await capture({ ownerId: owner, expectedAmount: 100, occurredAt: hoursAgo(1) });
      const middle = await capture({ ownerId: owner, expectedAmount: 200, occurredAt: hoursAgo(2) });
      await post(`/leads/${newest}/stage`, { to: 'C', occurredAt: hoursAgo(0.5) });
      await post(`/leads/${oldest}/stage`, { to: 'C', occurredAt: hoursAgo(0.25) });
      const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      await post(`/leads/${oldest}/activities`, { activityId: uid('act'), activityType: 'call', outcome: 'Reached', nextFollowUpAt: inDays(1) });
      await post(`/leads/${newest}/activities`, { activityId: uid('act'), activityType: 'call', outcome: 'Reached', nextFollowUpAt: inDays(2) });

      const list = async (sort?: string) => ids(await read(`/leads?ownerId=${owner}${sort ? `&sort=${sort}` : ''}`).expect(200));
      expect(await list()).toEqual([newest, middle, oldest]);
      expect(await list('-capturedAt')).toEqual([newest, middle, oldest]);
      expect(await list('capturedAt')).toEqual([oldest, middle, newest]);
      expect(await list('expectedAmount')).toEqual([newest, middle, oldest]);
      expect(await list('-expectedAmount')).toEqual([oldest, middle, newest]);
      expect(await list('stageEnteredAt')).toEqual([middle, newest, oldest]);
      expect(await list('-stageEnteredAt')).toEqual([oldest, newest, middle]);
      // A lead without a follow-up sorts first ascending, last descending.
      expect(await list('nextFollowUpAt')).toEqual([middle, oldest, newest]);
      expect(await list('-nextFollowUpAt')).toEqual([newest, oldest, middle]);
      expectProblem(await read(`/leads?ownerId=${owner}&sort=name`), 400, 'VALIDATION_FAILED');
    });

    it('pages with limit and cursor: every lead exactly once, also on ties and on missing sort keys', async () => {
      const owner = uid('rep');
      const at = hoursAgo(10); // the same capture time: the order falls back on the id
      const all: string[] = [];
      for (let i = 0; i < 7; i++) all.push(await capture({ ownerId: owner, occurredAt: at, expectedAmount: i % 3 === 0 ? undefined : 100 * (i % 2) }));

      for (const sort of ['-capturedAt', 'capturedAt', 'expectedAmount', '-expectedAmount']) {
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const res: Response = await read(`/leads?ownerId=${owner}&sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200);
          pages.push(ids(res));
          cursor = res.body.nextCursor;
          if (pages.length > 5) throw new Error(`paging by ${sort} does not end: ${JSON.stringify(pages)}`);
        } while (cursor);
        expect({ sort, sizes: pages.map((p) => p.length) }).toEqual({ sort, sizes: [3, 3, 1] });
        expect({ sort, ids: sorted(pages.flat()) }).toEqual({ sort, ids: sorted(all) });
        // The pages, put together, are the unpaged answer in the same order.
        expect({ sort, ids: pages.flat() }).toEqual({ sort, ids: ids(await read(`/leads?ownerId=${owner}&sort=${sort}`).expect(200)) });
      }
    });

    it('refuses a bad cursor or limit (400)', async () => {
      const notACursor = [
        'garbage!',
        Buffer.from('{"value":1}').toString('base64url'),
        Buffer.from('[1,2]').toString('base64url'),
        Buffer.from('[{"$gt":""},"x"]').toString('base64url'),
        Buffer.from('not json').toString('base64url'),
      ];
      for (const cursor of notACursor) expectProblem(await read(`/leads?cursor=${encodeURIComponent(cursor)}`), 400, 'VALIDATION_FAILED');
      for (const limit of ['0', '201', 'ten', '-1', '2.5']) expectProblem(await read(`/leads?limit=${limit}`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /leads/{id}', () => {
    it('shows the lead: stage and its history, days in stage, MAN class and action, last activity, next follow-up, position', async () => {
      const owner = uid('rep');
      const capturedAt = hoursAgo(72);
      const id = await capture({ ownerId: owner, teamId: 'team-north', source: 'web', expectedAmount: 12000, occurredAt: capturedAt });
      await post(`/leads/${id}/qualification`, { ...MAN(true, true, false), occurredAt: hoursAgo(60) });
      const stageAt = hoursAgo(48);
      await post(`/leads/${id}/stage`, { to: 'C', occurredAt: stageAt });
      const activityAt = hoursAgo(24);
      const followUp = new Date(Date.now() + 24 * 3_600_000).toISOString();
      const last = await post(`/leads/${id}/activities`, { activityId: uid('act'), activityType: 'visit', outcome: 'Met the buyer', occurredAt: activityAt, nextFollowUpAt: followUp });

      const res = await t.http.get(`/leads/${id}?minPosition=${last.body.position}`).expect(200);
      expect(res.body).toEqual({
        leadId: id,
        kind: 'person',
        name: 'Li Wei',
        ownerId: owner,
        teamId: 'team-north',
        source: 'web',
        referredBy: null,
        productInterest: ['crm-suite'],
        stage: 'C',
        open: true,
        stageHistory: [
          { stage: 'D', at: capturedAt, recordedAt: expect.any(String) },
          { stage: 'C', at: stageAt, recordedAt: expect.any(String) },
        ],
        stageEnteredAt: stageAt,
        capturedAt,
        captureMonth: capturedAt.slice(0, 7),
        closedAt: null,
        manClass: 'M+A+n',
        recommendedAction: 'create_need',
        qualifiedAt: expect.any(String),
        expectedAmount: 12000,
        expectedCloseDate: null,
        wonAmount: null,
        lostReason: null,
        competitor: null,
        lastActivityAt: activityAt,
        lastActivityType: 'visit',
        nextFollowUpAt: followUp,
        activityCount: 1,
        consentPurposes: ['sales_contact'],
        withdrawnPurposes: [],
        consentWithdrawnAt: null,
        inWorkQueues: true,
        personalDataErasedAt: null,
        daysInStage: 2,
        position: last.body.position,
      });
      // Back-dated by days, recorded now: each move keeps both times.
      for (const entry of res.body.stageHistory) expect(Date.parse(entry.recordedAt)).toBeGreaterThan(Date.parse(entry.at) + 24 * 3_600_000);
    });

    it('a lost lead shows why, when and to whom', async () => {
      const id = await capture();
      await post(`/leads/${id}/stage`, { to: 'lost', reason: 'Chose a competitor', competitor: 'Acme' });
      expect((await read(`/leads/${id}`).expect(200)).body).toMatchObject({ stage: 'lost', open: false, closedAt: expect.any(String), lostReason: 'Chose a competitor', competitor: 'Acme' });
    });

    it('an unknown lead is 404 LEAD_NOT_FOUND; an id that is no id is 400', async () => {
      expectProblem(await read(`/leads/${uid('ghost')}`), 404, 'LEAD_NOT_FOUND');
      expectProblem(await read(`/leads/${encodeURIComponent('{"$ne":null}')}`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /customers/{id}: the customer file', () => {
    it('after a won lead: basic data, contracts and orders, receivables, trading, returns and discounts, credit, identity, complaints with satisfaction, referrals made, timeline', async () => {
      const owner = uid('rep');
      const id = await capture({ ownerId: owner, name: 'Chen Jing', source: 'trade_show' });
      const won = await post(`/leads/${id}/stage`, { to: 'won', amount: 48000 });
      expect(won.body.customer).toEqual({ id, revision: 0, position: expect.any(Number) });

      const on = (route: string, body: Record<string, unknown>) => post(`/customers/${id}/${route}`, body);
      await on('profile', { individual: { education: 'MBA', interests: 'Tea ceremony' } });
      await on('contracts', { contractId: 'k-1', title: 'Annual supply', amount: 5000, signedOn: '2026-10-01' });
      await on('credit-assessments', { assessmentId: uid('ca'), scores: scores(4), requestedLimit: 10000 }); // B: 75 %
      await on('orders', { orderId: 'o-1', contractId: 'k-1', items: [item(100, 3), item(50.5, 2)], dueOn: '2026-12-31' });
      await on('orders', { orderId: 'o-2', items: [item(99.99)] });
      await on('payments', { paymentId: 'p-1', orderId: 'o-1', amount: 200, method: 'bank_transfer' });
      await on('returns', { returnId: 'r-1', orderId: 'o-1', amount: 50.5, reason: 'One cup broken' });
      await on('discounts', { discountId: 'd-1', orderId: 'o-1', amount: 0.5, reason: 'Rounding goodwill' });
      await on('payments', { paymentId: 'p-2', amount: 49.99, method: 'cash' });
      const verifiedOn = dayOf(hoursAgo(24));
      await on('identity-verifications', { verificationId: 'v-1', method: 'id_card', documentType: 'resident_id', documentNumber: '110101199003070000', verifiedOn });

      const complaintId = uid('cmp');
      await post('/complaints', complaint(id, { id: complaintId }));
      await post(`/complaints/${complaintId}/acknowledgement`, {});
      await post(`/complaints/${complaintId}/resolution`, { resolution: 'Re-delivered' });
      await post(`/complaints/${complaintId}/satisfaction`, { expectedService: 4, perceivedService: 3, likelihoodToRecommend: 9, wouldBuyAgain: true });

      const referredWon = await capture({ source: 'referral', referredBy: { kind: 'customer', id } });
      const referredLost = await capture({ source: 'referral', referredBy: { kind: 'customer', id } });
      await post(`/leads/${referredLost}/stage`, { to: 'lost', reason: 'No need' });
      await post(`/leads/${referredWon}/stage`, { to: 'B' });

      const res = await read(`/customers/${id}`).expect(200);
      const file = res.body;
      // 1 basic data
      expect(file).toMatchObject({
        customerId: id,
        fromLeadId: id,
        source: 'trade_show',
        ownerId: owner,
        teamId: 'team-east',
        customerClass: 'new',
        profile: { kind: 'person', name: 'Chen Jing', individual: { education: 'MBA', interests: 'Tea ceremony' }, organisation: null },
        classHistory: [{ from: null, to: 'new', reason: null, at: expect.any(String) }],
      });
      // 2 contracts and orders
      expect(file.contracts).toEqual([{ contractId: 'k-1', title: 'Annual supply', amount: 5000, signedOn: '2026-10-01', startsOn: null, endsOn: null }]);
      expect(file.orders).toEqual([
        expect.objectContaining({ orderId: 'o-1', contractId: 'k-1', amount: 401, dueOn: '2026-12-31', paid: 200, returned: 50.5, discounted: 0.5, outstanding: 150 }),
        expect.objectContaining({ orderId: 'o-2', contractId: null, amount: 99.99, paid: 0, returned: 0, discounted: 0, outstanding: 99.99 }),
      ]);
      // 3 receivables and repayments
      expect(file.receivables).toEqual({ invoiced: 500.99, paid: 249.99, returned: 50.5, discounted: 0.5, outstanding: 200 });
      expect(file.payments).toEqual([
        expect.objectContaining({ paymentId: 'p-1', orderId: 'o-1', amount: 200, method: 'bank_transfer' }),
        expect.objectContaining({ paymentId: 'p-2', orderId: null, amount: 49.99, method: 'cash' }),
      ]);
      // 4 trading history
      expect(file.trading).toEqual({ orderCount: 2, firstOrderAt: file.orders[0].placedAt, lastOrderAt: file.orders[1].placedAt, totalOrdered: 500.99 });
      // 5 returns and discounts
      expect(file.returns).toEqual([expect.objectContaining({ returnId: 'r-1', orderId: 'o-1', amount: 50.5, reason: 'One cup broken' })]);
      expect(file.discounts).toEqual([expect.objectContaining({ discountId: 'd-1', orderId: 'o-1', amount: 0.5, reason: 'Rounding goodwill' })]);
      // credit (5C) and real-name identity, without the document number
      expect(file.credit).toEqual({ rating: 'B', creditLimit: 7500, score: 20, scores: scores(4), assessedAt: expect.any(String) });
      expect(file.identity).toEqual({ method: 'id_card', verifiedOn, reverifyBy: `${Number(verifiedOn.slice(0, 4)) + 1}${verifiedOn.slice(4)}` });
      expect(file.identityState).toBe('verified');
      expect(res.text).not.toContain('110101199003070000');
      // complaints with the customer's satisfaction joined
      expect(file.complaints).toEqual([
        expect.objectContaining({
          complaintId,
          customerId: id,
          status: 'resolved',
          satisfaction: expect.objectContaining({ expectedService: 4, perceivedService: 3, gap: -1, likelihoodToRecommend: 9, wouldBuyAgain: true }),
        }),
      ]);
      expect(file.satisfaction).toEqual({ answers: 1, meanPerceived: 3, wouldBuyAgain: 1 });
      // the referrals this customer made
      expect(sorted(file.referralsMade.map((r: { referredLeadId: string }) => r.referredLeadId))).toEqual(sorted([referredWon, referredLost]));
      expect(file.referralsMade).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ referredLeadId: referredWon, referrer: { kind: 'customer', id }, stage: 'B', wonAt: null, reward: null }),
          expect.objectContaining({ referredLeadId: referredLost, stage: 'lost', lostAt: expect.any(String) }),
        ]),
      );
      // the timeline, oldest first, one line per fact
      expect(file.timeline.map((e: { type: string }) => e.type)).toEqual([
        'CustomerRegistered',
        'CustomerProfileUpdated',
        'ContractSigned',
        'CreditAssessed',
        'OrderPlaced',
        'OrderPlaced',
        'PaymentReceived',
        'ReturnRecorded',
        'DiscountGranted',
        'PaymentReceived',
        'IdentityVerified',
      ]);
      expect(file.timeline[0]).toMatchObject({ summary: `Registered from lead ${id}`, position: won.body.customer.position });
      expect(file.timeline[4].summary).toBe('Order o-1 placed: 401.00');
      // each entry also carries its kind and values, for a reader to word in its own language
      expect(file.timeline[4]).toEqual({ at: expect.any(String), type: 'OrderPlaced', summary: 'Order o-1 placed: 401.00', position: expect.any(Number), kind: 'order_placed', orderId: 'o-1', amount: 401 });
      expect(file.timeline[0]).toMatchObject({ kind: 'registered', fromLeadId: id });
      expect(file.timeline.map((e: { kind: string }) => e.kind)).toEqual([
        'registered',
        'profile_updated',
        'contract_signed',
        'credit_assessed',
        'order_placed',
        'order_placed',
        'payment_received',
        'return_recorded',
        'discount_granted',
        'payment_received',
        'identity_verified',
      ]);
      // and the API's document says so
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      expect(doc.paths['/customers/{id}'].get.responses['200'].content['application/json'].schema.properties.timeline.items.$ref).toBe('#/components/schemas/CustomerTimelineEntryDto');
      const entry = doc.components.schemas.CustomerTimelineEntryDto;
      expect(entry.required).toEqual(expect.arrayContaining(['at', 'type', 'position', 'summary', 'kind']));
      expect(entry.properties.kind.enum).toEqual(expect.arrayContaining(['registered', 'order_placed', 'payment_received', 'class_changed', 'referral_reward_paid']));
      expect(file.position).toBe(file.timeline.at(-1).position);
      for (const storageField of ['_id', '_position', 'searchText']) expect(file).not.toHaveProperty(storageField);
    });

    it('an unknown customer is 404 CUSTOMER_NOT_FOUND', async () => {
      expectProblem(await read(`/customers/${uid('ghost')}`), 404, 'CUSTOMER_NOT_FOUND');
    });
  });

  describe('GET /customers', () => {
    it('filters by class, owner, team and name; sorts by receivables; shows identity state', async () => {
      const owner = uid('rep');
      const team = uid('team');
      const token = uid('liu').replace('-', '');
      const unverified = await register({ ownerId: owner, teamId: team, name: `Liu ${token}` });
      const verified = await register({ ownerId: owner, teamId: team });
      const due = await register({ ownerId: owner, teamId: uid('team') });
      const expired = await register({ ownerId: owner, teamId: team });
      await register({ ownerId: uid('rep'), teamId: team, name: `Liu ${token} Jr` });

      const yesterday = dayOf(hoursAgo(24));
      await post(`/customers/${verified}/identity-verifications`, { verificationId: 'v-1', method: 'in_person', verifiedOn: yesterday });
      await post(`/customers/${due}/identity-verifications`, { verificationId: 'v-1', method: 'in_person', verifiedOn: yesterday, reverifyBy: dayOf(new Date(Date.now() + 10 * 86_400_000).toISOString()) });
      await post(`/customers/${expired}/identity-verifications`, { verificationId: 'v-1', method: 'passport', verifiedOn: '2025-01-10', reverifyBy: '2025-07-10' });
      await post(`/customers/${verified}/class`, { to: 'vip', reason: 'Key account' });
      await post(`/customers/${verified}/orders`, { orderId: 'o-1', items: [item(300)] });
      await post(`/customers/${due}/orders`, { orderId: 'o-1', items: [item(100)] });
      await post(`/customers/${expired}/orders`, { orderId: 'o-1', items: [item(200)] });

      const list = async (query: string) => ids(await read(`/customers?${query}`).expect(200));
      expect(await list(`ownerId=${owner}&sort=-receivables.outstanding`)).toEqual([verified, expired, due, unverified]);
      expect(await list(`ownerId=${owner}&sort=receivables.outstanding`)).toEqual([unverified, due, expired, verified]);
      expect(await list(`ownerId=${owner}&class=vip`)).toEqual([verified]);
      expect(sorted(await list(`ownerId=${owner}&class=new`))).toEqual(sorted([unverified, due, expired]));
      expect(sorted(await list(`teamId=${team}&ownerId=${owner}`))).toEqual(sorted([unverified, verified, expired]));
      expect((await list(`q=${token.toUpperCase()}`)).length).toBe(2);
      expect(await list(`ownerId=${owner}&q=${token}`)).toEqual([unverified]);

      const res = await read(`/customers?ownerId=${owner}&sort=-receivables.outstanding`).expect(200);
      const byId = Object.fromEntries((res.body.items as { customerId: string }[]).map((c) => [c.customerId, c]));
      expect(byId[unverified]).toMatchObject({ identityState: 'unverified', identity: null, receivables: { outstanding: 0 } });
      expect(byId[verified]).toMatchObject({ identityState: 'verified', customerClass: 'vip', receivables: { invoiced: 300, outstanding: 300 } });
      expect(byId[due]).toMatchObject({ identityState: 'reverification_due' });
      expect(byId[expired]).toMatchObject({ identityState: 'expired', identity: { reverifyBy: '2025-07-10' } });
      // A summary, not the file: no timeline.
      expect(byId[verified]).not.toHaveProperty('timeline');

      const first = await read(`/customers?ownerId=${owner}&sort=-receivables.outstanding&limit=3`).expect(200);
      expect(ids(first)).toEqual([verified, expired, due]);
      const second = await read(`/customers?ownerId=${owner}&sort=-receivables.outstanding&limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ customerId: unverified })], nextCursor: null });
      expectProblem(await read(`/customers?class=gold`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /complaints and /complaints/{id}', () => {
    it('lists newest first, by customer, status, category, touchpoint, severity and safety, paged', async () => {
      const customerId = uid('cust');
      const other = uid('cust');
      // A complaint names a customer on file.
      for (const id of [customerId, other]) await post('/customers', customer({ id }));
      const log = async (overrides: Record<string, unknown>) => {
        const id = uid('cmp');
        await post('/complaints', complaint(customerId, { id, ...overrides }));
        return id;
      };
      const k1 = await log({ occurredAt: '2026-06-01T08:00:00Z' });
      const k2 = await log({ category: 'product_quality', touchpoint: 'store', severity: 'high', occurredAt: '2026-06-02T08:00:00Z' });
      const k3 = await log({ category: 'safety', touchpoint: 'installation', severity: 'critical', occurredAt: '2026-06-03T08:00:00Z' });
      const k4 = await log({ category: 'billing', touchpoint: 'billing', severity: 'low', safetyRelated: true, occurredAt: '2026-06-04T08:00:00Z' });
      await log({ occurredAt: '2026-06-05T08:00:00Z', customerId: other });
      await post(`/complaints/${k2}/resolution`, { resolution: 'Replaced', occurredAt: '2026-06-02T10:00:00Z' });

      const list = async (query: string) => ids(await read(`/complaints?customerId=${customerId}${query}`).expect(200));
      expect(await list('')).toEqual([k4, k3, k2, k1]);
      expect(await list('&status=resolved')).toEqual([k2]);
      expect(await list('&status=open')).toEqual([k4, k3, k1]);
      expect(await list('&category=safety')).toEqual([k3]);
      expect(await list('&touchpoint=store')).toEqual([k2]);
      expect(await list('&severity=critical')).toEqual([k3]);
      expect(await list('&safety=true')).toEqual([k4, k3]);
      expectProblem(await read(`/complaints?customerId=${customerId}&safety=false`), 400, 'VALIDATION_FAILED');

      const first = await read(`/complaints?customerId=${customerId}&limit=3`).expect(200);
      expect(ids(first)).toEqual([k4, k3, k2]);
      const second = await read(`/complaints?customerId=${customerId}&limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ complaintId: k1 })], nextCursor: null });
    });

    it('shows one complaint: times to acknowledge and resolve, escalations, satisfaction', async () => {
      const id = uid('cmp');
      const customerId = uid('cust');
      await post('/customers', customer({ id: customerId }));
      await post('/complaints', complaint(customerId, { id, handlerId: 'svc-1', occurredAt: '2026-06-10T08:00:00Z' }));
      await post(`/complaints/${id}/acknowledgement`, { occurredAt: '2026-06-10T08:45:00Z', handlerId: 'svc-2' });
      await post(`/complaints/${id}/escalation`, { level: 'manager', reason: 'Customer asked for a manager', occurredAt: '2026-06-10T09:00:00Z' });
      await post(`/complaints/${id}/resolution`, { resolution: 'Refunded the delivery fee', occurredAt: '2026-06-10T12:00:00Z' });
      const last = await post(`/complaints/${id}/satisfaction`, { expectedService: 3, perceivedService: 4, likelihoodToRecommend: 10, wouldBuyAgain: true, consideredOtherBrands: false });

      const res = await t.http.get(`/complaints/${id}`).set('X-Min-Position', String(last.body.position)).expect(200);
      expect(res.body).toEqual({
        complaintId: id,
        customerId,
        category: 'delivery',
        touchpoint: 'delivery',
        severity: 'medium',
        channel: 'phone',
        safetyRelated: false,
        handlerId: 'svc-2',
        // Who named the handler: what decides whether handling opens the customer's file to the agent.
        handlerAssignedBy: 'api-key:bootstrap',
        status: 'resolved',
        loggedAt: '2026-06-10T08:00:00.000Z',
        loggedMonth: '2026-06',
        acknowledgedAt: '2026-06-10T08:45:00.000Z',
        responseMinutes: 45,
        resolvedAt: '2026-06-10T12:00:00.000Z',
        resolutionMinutes: 240,
        escalations: [{ level: 'manager', at: '2026-06-10T09:00:00.000Z', trackingNumber: null, deadline: null }],
        deadline: null,
        deadlineMet: null,
        reopenCount: 0,
        satisfaction: {
          expectedService: 3,
          perceivedService: 4,
          gap: 1,
          likelihoodToRecommend: 10,
          wouldBuyAgain: true,
          consideredOtherBrands: false,
          wouldRaiseWithUsFirst: null,
          at: expect.any(String),
        },
        missedDeadlines: [],
        personalDataErasedAt: null,
        position: last.body.position,
      });
    });

    it('an unknown complaint is 404 COMPLAINT_NOT_FOUND', async () => {
      expectProblem(await read(`/complaints/${uid('ghost')}`), 404, 'COMPLAINT_NOT_FOUND');
    });
  });

  describe('read your writes: minPosition and X-Min-Position', () => {
    it('a read with the position of a write sees it at once, by query parameter or header', async () => {
      const id = uid('lead');
      const res = await post('/leads', personLead({ id }));
      expect((await t.http.get(`/leads/${id}?minPosition=${res.body.position}`).expect(200)).body).toMatchObject({ leadId: id, position: res.body.position });
      const id2 = uid('lead');
      const res2 = await post('/leads', personLead({ id: id2 }));
      expect((await t.http.get(`/leads/${id2}`).set('X-Min-Position', String(res2.body.position)).expect(200)).body).toMatchObject({ leadId: id2 });
      // 0 waits for nothing.
      await t.http.get('/leads?minPosition=0').expect(200);
    });

    it.each(['abc', '-1', '1.5', '1e3', '', '0x10', '1234567890123456', ' 1'])('refuses minPosition=%j (400), as a parameter and as a header', async (value) => {
      expectProblem(await t.http.get(`/leads?minPosition=${encodeURIComponent(value)}`), 400, 'VALIDATION_FAILED');
      if (value !== '' && value !== ' 1') expectProblem(await t.http.get('/leads').set('X-Min-Position', value), 400, 'VALIDATION_FAILED');
    });

    it('refuses minPosition given twice (400)', async () => {
      expectProblem(await t.http.get('/leads?minPosition=1&minPosition=2'), 400, 'VALIDATION_FAILED');
    });

    describe('beyond the head of the log (READ_WAIT_TIMEOUT_MS=200)', () => {
      let impatient: TestApp;
      beforeAll(async () => (impatient = await startTestApp({ env: { READ_WAIT_TIMEOUT_MS: '200' } })));
      afterAll(() => impatient.destroy());

      it.each([
        ['GET /leads', '/leads'],
        ['GET /leads/{id}', '/leads/some-lead'],
        ['GET /customers', '/customers'],
        ['GET /customers/{id}', '/customers/some-customer'],
        ['GET /complaints', '/complaints'],
        ['GET /complaints/{id}', '/complaints/some-complaint'],
        ['GET /reports/funnel', '/reports/funnel'],
      ])('%s answers 503 READ_MODEL_BEHIND with Retry-After after the bounded wait', async (_label, path) => {
        const write = await impatient.http.post('/leads').send(personLead()).expect(201);
        // A position the log will not reach in this test (the largest a client may send), not one computed from another.
        const beyond = 999_999_999_999_999;
        expect(write.body.position).toBeLessThan(beyond);
        for (const send of [() => impatient.http.get(`${path}?minPosition=${beyond}`), () => impatient.http.get(path).set('X-Min-Position', String(beyond))]) {
          const started = Date.now();
          const res = await send();
          const waited = Date.now() - started;
          expectProblem(res, 503, 'READ_MODEL_BEHIND');
          expect(res.headers['retry-after']).toBe('1');
          expect(waited).toBeGreaterThanOrEqual(150);
          expect(waited).toBeLessThan(3000);
        }
        // The head itself is reached: no 503.
        expect((await impatient.http.get(`${path}?minPosition=${write.body.position}`)).status).not.toBe(503);
      });
    });
  });

  describe('operator injection and unknown parameters', () => {
    const attempts = ['stage[$ne]=x', 'ownerId[$gt]=', 'q[$regex]=.*', '$where=1', 'unknown=1', 'ownerId=%7B%22%24ne%22%3Anull%7D', 'filter=%7B%7D', '__proto__[x]=1', 'constructor[prototype][x]=1'];
    const perRoute: [string, string[]][] = [
      ['/leads', [...attempts, 'manClass[$in]=M%2BA%2BN', 'sort[$ne]=x', 'limit[$gt]=0']],
      ['/customers', [...attempts, 'class[$ne]=vip', 'teamId[$exists]=true', 'sort=%24where']],
      ['/complaints', [...attempts, 'status[$ne]=open', 'customerId[$gt]=', 'safety[$ne]=x', 'severity=%7B%22%24gt%22%3A%22%22%7D']],
    ];
    it.each(perRoute)('GET %s refuses every attempt with 400, never 5xx', async (route, queries) => {
      for (const query of queries) {
        const res = await t.http.get(`${route}?${query}`);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expectProblem(res, 400, 'VALIDATION_FAILED');
      }
    });
  });
});
