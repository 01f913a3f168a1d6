import { randomUUID } from 'node:crypto';
import { EVENT_CONTRACTS, eventContract } from '@app/domain/schemas';
import { RecordedEvent } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { eventually, hoursAgo, uid } from '../support/e2e';
import { contractViolations } from '../support/event-contracts';
import { complaint, customer, personLead } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { LOCAL_RECEIVERS } from '../support/webhook-receiver';

/**
 * Every command of the API at least once, every policy once, a webhook registered and removed, an API
 * key issued and revoked, and a LeadCaptured of version 1 stored the old way; then every event in the
 * log must match the JSON Schema of its stored type and version, and every event of the pull feed the
 * schema of the current version.
 */
describe('event contracts: every event the API writes matches its published schema', () => {
  let t: TestApp;
  let log: RecordedEvent[];

  beforeAll(async () => {
    t = await startTestApp({ env: { DEADLINE_SCAN_INTERVAL_MS: '100', ...LOCAL_RECEIVERS } });
    const ok = async (method: 'post' | 'delete', path: string, body: Record<string, unknown> = {}) => {
      const res = await t.http[method](path).send(body);
      if (res.status >= 300) throw new Error(`${method.toUpperCase()} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    };

    // Customers: every command.
    const referrer = uid('cust');
    await ok('post', '/customers', customer({ id: referrer, individual: { education: 'MBA' } }));
    await ok('post', `/customers/${referrer}/profile`, { name: 'Zhang Min (Ms)', contacts: { emails: ['zm@example.com'] } });
    const scores = { character: 4, capacity: 4, capital: 4, collateral: 4, conditions: 4 };
    await ok('post', `/customers/${referrer}/credit-assessments`, { assessmentId: uid('ca'), scores, requestedLimit: 10_000 });
    await ok('post', `/customers/${referrer}/contracts`, { contractId: 'k-1', title: 'Supply', amount: 5_000, signedOn: '2026-01-10', startsOn: '2026-01-10', endsOn: '2026-12-31' });
    await ok('post', `/customers/${referrer}/orders`, { orderId: 'o-1', contractId: 'k-1', items: [{ sku: 'SKU-1', description: 'Tea set', quantity: 3, unitPrice: 100 }], dueOn: '2026-12-31' });
    await ok('post', `/customers/${referrer}/payments`, { paymentId: 'p-1', orderId: 'o-1', amount: 100, method: 'bank_transfer' });
    await ok('post', `/customers/${referrer}/returns`, { returnId: 'r-1', orderId: 'o-1', amount: 50, reason: 'One cup broken' });
    await ok('post', `/customers/${referrer}/discounts`, { discountId: 'd-1', orderId: 'o-1', amount: 10, reason: 'Goodwill' });
    await ok('post', `/customers/${referrer}/identity-verifications`, { verificationId: 'v-1', method: 'id_card', documentType: 'resident_id', documentNumber: '110101199003070000', verifiedOn: '2026-01-20' });
    await ok('post', `/customers/${referrer}/class`, { to: 'retained', reason: 'Second order' });

    // Leads: every command; one referred by the customer, one by another lead, both won (the policy owes rewards).
    const leadReferrer = uid('lead');
    await ok('post', '/leads', personLead({ id: leadReferrer }));
    const referredByCustomer = uid('lead');
    await ok('post', '/leads', personLead({ id: referredByCustomer, source: 'referral', referredBy: { kind: 'customer', id: referrer } }));
    const referredByLead = uid('lead');
    await ok('post', '/leads', personLead({ id: referredByLead, source: 'referral', referredBy: { kind: 'lead', id: leadReferrer } }));
    await ok('post', `/leads/${referredByCustomer}/qualification`, { money: { has: true }, authority: { has: true, evidence: 'signs the orders' }, need: { has: true } });
    await ok('post', `/leads/${referredByCustomer}/activities`, { activityId: uid('act'), activityType: 'visit', outcome: 'Wants a demo', nextFollowUpAt: new Date(Date.now() + 86_400_000).toISOString() });
    await ok('post', `/leads/${referredByCustomer}/owner`, { toOwnerId: 'rep-2', toTeamId: 'team-west', reason: 'Territory' });
    await ok('post', `/leads/${referredByCustomer}/stage`, { to: 'B' });
    await ok('post', `/leads/${referredByCustomer}/stage`, { to: 'won', amount: 12_000 });
    await ok('post', `/leads/${referredByLead}/stage`, { to: 'won', amount: 3_000 });
    await ok('post', `/leads/${referredByLead}/reopening`, { to: 'A', reason: 'Order cancelled' });
    await ok('post', `/leads/${referredByLead}/stage`, { to: 'lost', reason: 'Budget cut', competitor: 'Acme' });
    const leaving = uid('rep');
    await ok('post', '/leads', personLead({ id: uid('lead'), ownerId: leaving }));
    await ok('post', '/leads/reassignments', { fromOwnerId: leaving, toOwnerId: 'rep-heir', toTeamId: 'team-north', reason: 'Rep left' });
    await ok('post', `/leads/${leadReferrer}/consent-withdrawal`, { purposes: ['sales_contact'], note: 'Asked by letter' });

    // Rewards owed by the policy, then paid, on both kinds of referrer.
    await eventually('both referral rewards owed', async () => (await t.http.get('/events?types=ReferralRewardOwed&limit=10').expect(200)).body.events.length, (n) => n === 2);
    await ok('post', `/customers/${referrer}/referral-rewards/referral-${referredByCustomer}/payment`, { method: 'bank_transfer', reference: 'TX-1' });
    await ok('post', `/leads/${leadReferrer}/referral-rewards/referral-${referredByLead}/payment`, {});

    // Complaints: every command, and a safety deadline the scheduler finds missed.
    const handled = uid('cmp');
    await ok('post', '/complaints', complaint(referrer, { id: handled }));
    await ok('post', `/complaints/${handled}/acknowledgement`, { note: 'Called back', handlerId: 'svc-2' });
    await ok('post', `/complaints/${handled}/escalation`, { level: 'supervisor', reason: 'Asked for a manager' });
    await ok('post', `/complaints/${handled}/resolution`, { resolution: 'Refunded the delivery fee', compensationAmount: 10 });
    await ok('post', `/complaints/${handled}/satisfaction`, { expectedService: 4, perceivedService: 3, likelihoodToRecommend: 7, wouldBuyAgain: true, comment: 'Fine' });
    await ok('post', `/complaints/${handled}/reopening`, { reason: 'Happened again' });
    const overdue = uid('cmp');
    await ok('post', '/complaints', complaint(referrer, { id: overdue, category: 'safety', severity: 'critical', occurredAt: hoursAgo(31) }));
    await ok('post', `/complaints/${overdue}/escalation`, { level: 'executive', reason: 'Overheating', occurredAt: hoursAgo(30) });
    await eventually('the missed safety deadline', async () => (await t.http.get('/events?types=ComplaintDeadlineMissed').expect(200)).body.events.length, (n) => n === 1);

    // A person's data erased: the key deleted, PersonalDataErased recorded.
    const erased = uid('lead');
    await ok('post', '/leads', personLead({ id: erased }));
    await ok('post', `/subjects/${erased}/erasure`, { reason: 'Erasure request #1' });

    // The feeds' own events.
    const webhook = await ok('post', '/webhooks', { url: 'http://127.0.0.1:9/unused', types: ['LeadCaptured'], description: 'contract test' });
    await ok('delete', `/webhooks/${webhook.id}`);

    // API keys: issued and revoked.
    const issued = await ok('post', '/api-keys', { role: 'analyst', teamId: 'team-west', ownerId: 'ana-1', label: 'contract test' });
    await ok('delete', `/api-keys/${issued.id}`);

    // And a lead stored as version 1 wrote it.
    const legacy = uid('legacy');
    const at = '2023-05-01T08:00:00.000Z';
    await t.app.get<EventStore>(EVENT_STORE).append(
      `lead-${legacy}`,
      [
        {
          type: 'LeadCaptured',
          version: 1,
          data: { leadId: legacy, kind: 'person', name: 'Wang Fang', contacts: { phones: [], emails: ['wf@example.com'] }, source: 'walk_in', ownerId: 'rep-1', teamId: 'team-1', productInterest: [], consentGiven: false, at },
          metadata: { eventId: randomUUID(), occurredAt: at, recordedAt: at, actor: 'legacy', correlationId: randomUUID(), causationId: null },
        },
      ],
      'no_stream',
    );
    log = await t.app.get<EventStore>(EVENT_STORE).readAll();
  }, 60_000);
  afterAll(() => t.destroy());

  it('the scenario wrote every event type and version that has a schema', () => {
    const written = new Set(log.map((e) => `${e.type} v${e.version}`));
    expect(EVENT_CONTRACTS.map((c) => `${c.type} v${c.version}`).filter((key) => !written.has(key))).toEqual([]);
  });

  it('every event in the log matches the schema of its stored type and version', () => {
    expect(log.length).toBeGreaterThan(40);
    expect(contractViolations(log)).toEqual([]);
  });

  it('every event of the pull feed matches the schema of the current version of its type', async () => {
    const feed: RecordedEvent[] = (await t.http.get('/events?limit=1000').expect(200)).body.events;
    // Every feed event of the log, once; the API's own bookkeeping (webhooks, API keys, the access log) never leaves.
    expect(feed.length).toBe(log.filter((e) => eventContract(e.type, e.version)?.feed).length);
    expect(feed.filter((e) => /^(Webhook|ApiKey|Access)/.test(e.type))).toEqual([]);
    expect(feed.every((e) => EVENT_CONTRACTS.some((c) => c.type === e.type && c.version === e.version && c.current))).toBe(true);
    expect(contractViolations(feed)).toEqual([]);
  });

  it('the schemas can fail: a changed event is reported', () => {
    const [captured] = log.filter((e) => e.type === 'LeadCaptured' && e.version === 2);
    const broken = [{ ...captured, data: { ...(captured.data as object), consent: { purposes: ['spam'] } } }, { ...captured, version: 7 }];
    expect(contractViolations(broken)).toEqual([expect.stringMatching(/^LeadCaptured v2 at position \d+: .*allowed values/), expect.stringMatching(/no schema/)]);
  });
});
