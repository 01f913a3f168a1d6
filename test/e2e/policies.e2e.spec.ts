import type { Response } from 'supertest';
import { complaint, customer, personLead } from '../support/fixtures';
import { eventually, history, hoursAgo, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const VIP_REASON = 'three won referrals within a year';

describe('policies over HTTP: referral rewards, VIP, missed safety deadlines', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { REFERRAL_REWARD_AMOUNT: '30', DEADLINE_SCAN_INTERVAL_MS: '100' } })));
  afterAll(() => t.destroy());

  const post = async (path: string, body: Record<string, unknown>): Promise<Response> => {
    const res = await t.http.post(path).send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const ofType = <E extends { type: string }>(events: E[], type: string): E[] => events.filter((e) => e.type === type);
  /** The highest log position of a record's history: reads after it see everything the record went through. */
  const lastPosition = (events: readonly Record<string, unknown>[]) => Math.max(...events.map((e) => e.position as number));
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  describe('referral rewards (policy on the log)', () => {
    const referredBy = (kind: 'customer' | 'lead', id: string) => ({ source: 'referral', referredBy: { kind, id } });
    const referAndWin = async (kind: 'customer' | 'lead', referrer: string, amount: number, wonHoursAgo?: number): Promise<string> => {
      const id = uid('lead');
      const when = (hours: number | undefined) => (hours === undefined ? {} : { occurredAt: hoursAgo(hours) });
      await post('/leads', personLead({ id, ...referredBy(kind, referrer), ...when(wonHoursAgo && wonHoursAgo + 24) }));
      await post(`/leads/${id}/stage`, { to: 'won', amount, ...when(wonHoursAgo) });
      return id;
    };
    const referrerRow = async (id: string, minPosition = 0) => {
      const res = await t.http.get(`/reports/referrals?minPosition=${minPosition}`).expect(200);
      return (res.body.referrers as { referrerId: string; rewards: { outstanding: { count: number; amount: number; rewardIds: string[] } }; [k: string]: unknown }[]).find((r) => r.referrerId === id);
    };

    it('owes the referrer a reward for every referred lead won, on the referrer’s stream; the third within a year makes a VIP', async () => {
      const referrer = uid('cust');
      await post('/customers', customer({ id: referrer }));
      const won = [await referAndWin('customer', referrer, 1000), await referAndWin('customer', referrer, 2000), await referAndWin('customer', referrer, 3000)];

      const row = await eventually('the referrals report to show three outstanding rewards', () => referrerRow(referrer), (r) => r?.rewards.outstanding.count === 3);
      expect(row).toMatchObject({
        referred: 3,
        won: 3,
        wonAmount: 6000,
        wonLeadIds: [...won].sort(),
        vip: true,
        rewards: { outstanding: { count: 3, amount: 90, rewardIds: won.map((id) => `referral-${id}`).sort() }, paid: { count: 0, amount: 0 } },
      });

      const events = await history(t.http, 'customers', referrer);
      const owed = ofType(events, 'ReferralRewardOwed');
      expect(owed).toHaveLength(3);
      expect(owed.map((e) => e.data).sort((a, b) => String(a.rewardId).localeCompare(String(b.rewardId)))).toEqual(
        [...won].sort().map((id) => expect.objectContaining({ customerId: referrer, rewardId: `referral-${id}`, referredLeadId: id, amount: 30 })),
      );
      expect(owed.every((e) => e.actor === 'policy:referral-rewards')).toBe(true);
      const classChanges = ofType(events, 'CustomerClassChanged');
      expect(classChanges).toEqual([expect.objectContaining({ data: expect.objectContaining({ from: 'new', to: 'vip', reason: VIP_REASON }) })]);
      // The class changes with the third reward, in the same decision.
      expect(classChanges[0].revision).toBe(owed[2].revision + 1);

      const file = (await t.http.get(`/customers/${referrer}?minPosition=${lastPosition(events)}`).expect(200)).body;
      expect(file.customerClass).toBe('vip');
      expect(file.classHistory).toEqual([
        { from: null, to: 'new', reason: null, at: expect.any(String) },
        { from: 'new', to: 'vip', reason: VIP_REASON, at: expect.any(String) },
      ]);
      expect(file.referralsMade).toHaveLength(3);
      for (const referral of file.referralsMade) expect(referral.reward).toMatchObject({ amount: 30, paidAt: null });

      // Later deliveries add nothing: still three rewards and one class change.
      await pause(300);
      const again = await history(t.http, 'customers', referrer);
      expect([ofType(again, 'ReferralRewardOwed').length, ofType(again, 'CustomerClassChanged').length]).toEqual([3, 1]);
    });

    it('two won referrals owe two rewards and make no VIP', async () => {
      const referrer = uid('cust');
      await post('/customers', customer({ id: referrer }));
      await referAndWin('customer', referrer, 100);
      await referAndWin('customer', referrer, 100);
      const events = await eventually('two rewards on the referrer', () => history(t.http, 'customers', referrer), (e) => ofType(e, 'ReferralRewardOwed').length === 2);
      expect(ofType(events, 'CustomerClassChanged')).toEqual([]);
      expect((await t.http.get(`/customers/${referrer}?minPosition=${lastPosition(events)}`).expect(200)).body.customerClass).toBe('new');
    });

    it('three won referrals spread over more than a year make no VIP', async () => {
      const referrer = uid('cust');
      await post('/customers', customer({ id: referrer, occurredAt: hoursAgo(24 * 800) }));
      await referAndWin('customer', referrer, 100, 24 * 700);
      await referAndWin('customer', referrer, 100, 24 * 200);
      await referAndWin('customer', referrer, 100);
      const events = await eventually('three rewards on the referrer', () => history(t.http, 'customers', referrer), (e) => ofType(e, 'ReferralRewardOwed').length === 3);
      expect(ofType(events, 'CustomerClassChanged')).toEqual([]);
      const row = await referrerRow(referrer, lastPosition(events));
      expect(row).toMatchObject({ won: 3, vip: false, vipSince: null, rewards: { outstanding: { count: 3, amount: 90 } } });
    });

    it('a lead won again after a reopening owes nothing more; a referring lead is rewarded on its own stream', async () => {
      const referrer = uid('lead');
      await post('/leads', personLead({ id: referrer }));
      const first = await referAndWin('lead', referrer, 500);
      await eventually('the first reward', () => history(t.http, 'leads', referrer), (e) => ofType(e, 'ReferralRewardOwed').length === 1);
      await post(`/leads/${first}/reopening`, { to: 'A', reason: 'Order cancelled' });
      await post(`/leads/${first}/stage`, { to: 'won', amount: 450 });
      // The policy handles wins in log order: once the next sale is rewarded, the second win of `first` has been handled.
      const second = await referAndWin('lead', referrer, 700);
      const events = await eventually('the reward for the next sale', () => history(t.http, 'leads', referrer), (e) => ofType(e, 'ReferralRewardOwed').some((r) => r.data.referredLeadId === second));
      expect(ofType(events, 'ReferralRewardOwed').map((e) => [e.data.referredLeadId, e.data.amount])).toEqual([
        [first, 30],
        [second, 30],
      ]);
      const row = await referrerRow(referrer, lastPosition(events));
      expect(row).toMatchObject({ kinds: ['lead'], won: 2, rewards: { outstanding: { count: 2, amount: 60 } } });
    });
  });

  describe('missed safety deadlines (scheduler every DEADLINE_SCAN_INTERVAL_MS=100)', () => {
    // A back-dated escalation and its back-dated resolution are two commands: a scheduler running between
    // them rightly sees an open complaint past its deadline. So the history is written while the scheduler
    // is idle (an app that scans once an hour), and then read by an app that scans every 100 ms.
    it('marks an open safety complaint escalated 30 hours ago once, and leaves one escalated an hour ago and one resolved in time alone', async () => {
      const writer = await startTestApp({ env: { DEADLINE_SCAN_INTERVAL_MS: String(3_600_000) } });
      const safetyComplaint = async (escalatedHoursAgo: number, resolvedHoursAgo?: number): Promise<string> => {
        const id = uid('cmp');
        const customerId = uid('cust');
        await writer.http.post('/customers').send(customer({ id: customerId })).expect(201);
        await writer.http.post('/complaints').send(complaint(customerId, { id, category: 'safety', severity: 'critical', occurredAt: hoursAgo(escalatedHoursAgo + 1) })).expect(201);
        await writer.http.post(`/complaints/${id}/escalation`).send({ level: 'executive', reason: 'Overheating', occurredAt: hoursAgo(escalatedHoursAgo) }).expect(200);
        if (resolvedHoursAgo !== undefined) await writer.http.post(`/complaints/${id}/resolution`).send({ resolution: 'Recalled', occurredAt: hoursAgo(resolvedHoursAgo) }).expect(200);
        return id;
      };
      const recent = await safetyComplaint(1);
      const resolvedInTime = await safetyComplaint(30, 29);
      const overdue = await safetyComplaint(30);
      await writer.close();

      const scanner = await startTestApp({ dataDir: writer.dataDir, env: { DEADLINE_SCAN_INTERVAL_MS: '100' } });
      try {
        const missed = async (id: string) => ofType(await history(scanner.http, 'complaints', id), 'ComplaintDeadlineMissed');
        const events = await eventually('one ComplaintDeadlineMissed on the overdue complaint', () => history(scanner.http, 'complaints', overdue), (e) => ofType(e, 'ComplaintDeadlineMissed').length >= 1);
        const [mark, ...more] = ofType(events, 'ComplaintDeadlineMissed');
        expect(more).toEqual([]);
        const escalation = ofType(events, 'ComplaintEscalated')[0];
        expect(mark).toMatchObject({ actor: 'policy:safety-deadlines', data: { complaintId: overdue, trackingNumber: escalation.data.trackingNumber, deadline: escalation.data.deadline } });

        // Five more scans: still exactly one.
        await pause(500);
        expect(await missed(overdue)).toHaveLength(1);
        expect(await missed(recent)).toEqual([]);
        expect(await missed(resolvedInTime)).toEqual([]);

        const view = (await scanner.http.get(`/complaints/${overdue}?minPosition=${mark.position}`).expect(200)).body;
        expect(view).toMatchObject({ status: 'open', safetyRelated: true, missedDeadlines: [escalation.data.trackingNumber], deadline: escalation.data.deadline });
        const overdueList = await scanner.http.get(`/complaints?safety=true&status=open&minPosition=${mark.position}`).expect(200);
        expect(overdueList.body.items.find((c: { complaintId: string }) => c.complaintId === recent)).toMatchObject({ missedDeadlines: [] });
      } finally {
        await scanner.destroy();
      }
    });
  });
});
