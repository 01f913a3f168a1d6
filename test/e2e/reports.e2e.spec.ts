import type { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { complaint, personLead } from '../support/fixtures';
import { expectProblem, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const MAN = (money: boolean, authority: boolean, need: boolean) => ({ money: { has: money }, authority: { has: authority }, need: { has: need } });
/** A business time in 2026 (UTC): `at('01-05')` is 2026-01-05T00:00:00.000Z. */
const at = (monthDay: string, time = '00:00') => `2026-${monthDay}T${time}:00.000Z`;
const ACTIVITY_TYPES = ['visit', 'call', 'store_visit', 'direct_mail', 'demo', 'trial', 'email', 'message'];
const counts = (some: Record<string, number>) => Object.fromEntries(ACTIVITY_TYPES.map((type) => [type, some[type] ?? 0]));
const stages = (some: Record<string, number>) => ({ D: 0, C: 0, B: 0, A: 0, won: 0, lost: 0, ...some });

/**
 * Reports over a small history built by hand, with back-dated business times, so every figure can
 * be worked out on paper. The app holds nothing else: reports read every record.
 *
 * | lead | owner | source     | expected | history (2026)                                   | MAN   |
 * |------|-------|------------|----------|--------------------------------------------------|-------|
 * | L1   | A     | web        | 1000     | D 01-05, C 01-10, B 01-20, won 02-04 (1200)      | M+A+N |
 * | L2   | A     | trade_show | 2000     | D 01-05, C 01-15, lost 01-25                     | M+A+n |
 * | L3   | B     | web        | 3000     | D 02-01, C 02-11, B 02-21, A 03-03               | M+A+N |
 * | L4   | B     | referral   | 4000     | D 02-10, B 02-20 (skips C); referred by L1      | M+a+N |
 * | L5   | A     | web        | 500      | D 03-01                                          | -     |
 * | L6   | B     | trade_show | 800      | D 01-20, won 03-01 (900)                         | -     |
 * | L7   | A     | referral   | 600      | D 03-05, lost 03-20; referred by L4              | -     |
 *
 * Complaints (April), of the customers L1 (owner A) and L6 (owner B):
 * | K  | customer | touchpoint   | logged      | acknowledged | resolved       | other                                  |
 * |----|----------|--------------|-------------|--------------|----------------|----------------------------------------|
 * | K1 | L1       | delivery     | 04-01 08:00 | +30 min      | +240 min       | satisfaction 4→3, recommend 9, buy again |
 * | K2 | L6       | store        | 04-02 10:00 | +60 min      | +1440 min      | satisfaction 5→2, recommend 3, not again |
 * | K3 | L1       | installation | 04-05 00:00 | -            | +1200 min      | safety, escalated 01:00: deadline met    |
 * | K4 | L6       | store        | 04-10 00:00 | -            | +2880 min      | safety, escalated 00:00: deadline missed |
 * | K5 | L6       | delivery     | 04-15 00:00 | +10 min      | +120 min       | satisfaction 3→4, recommend 8; reopened  |
 */
describe('reports over HTTP', () => {
  let t: TestApp;
  let written = 0;
  const repA = uid('rep-a');
  const repB = uid('rep-b');
  const L = Object.fromEntries(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'].map((name) => [name, uid(name.toLowerCase())]));
  const K = Object.fromEntries(['K1', 'K2', 'K3', 'K4', 'K5'].map((name) => [name, uid(name.toLowerCase())]));

  /** As the admin, or as `caller` (an agent of t.as). */
  const post = async (path: string, body: Record<string, unknown>, caller: TestAgent = t.http): Promise<Response> => {
    const res = await caller.post(path).send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    written = Math.max(written, res.body.position);
    return res;
  };
  const report = async (path: string): Promise<any> => (await t.http.get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${written}`).expect(200)).body;
  const group = (body: { groups: { key: string }[] }, key: string): any => {
    const found = body.groups.find((g) => g.key === key);
    if (!found) throw new Error(`no group ${key} in ${JSON.stringify(body.groups.map((g) => g.key))}`);
    return found;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const lead = async (name: string, ownerId: string, source: string, expectedAmount: number, capturedAt: string, extra: Record<string, unknown> = {}) =>
      post('/leads', personLead({ id: L[name], name: `Lead ${name}`, ownerId, teamId: 'team-east', source, expectedAmount, occurredAt: capturedAt, ...extra }));
    const move = (name: string, to: string, occurredAt: string, extra: Record<string, unknown> = {}) => post(`/leads/${L[name]}/stage`, { to, occurredAt, ...extra });
    const qualify = (name: string, man: ReturnType<typeof MAN>, occurredAt: string) => post(`/leads/${L[name]}/qualification`, { ...man, occurredAt });

    await lead('L1', repA, 'web', 1000, at('01-05'));
    await qualify('L1', MAN(true, true, true), at('01-06'));
    await move('L1', 'C', at('01-10'));
    await move('L1', 'B', at('01-20'));
    await move('L1', 'won', at('02-04'), { amount: 1200 });

    await lead('L2', repA, 'trade_show', 2000, at('01-05'));
    await qualify('L2', MAN(true, true, false), at('01-06'));
    await move('L2', 'C', at('01-15'));
    await move('L2', 'lost', at('01-25'), { reason: 'Chose a competitor' });

    await lead('L3', repB, 'web', 3000, at('02-01'));
    await qualify('L3', MAN(true, true, true), at('02-02'));
    await move('L3', 'C', at('02-11'));
    await move('L3', 'B', at('02-21'));
    await move('L3', 'A', at('03-03'));

    await lead('L4', repB, 'referral', 4000, at('02-10'), { referredBy: { kind: 'customer', id: L.L1 } });
    await qualify('L4', MAN(true, false, true), at('02-11'));
    await move('L4', 'B', at('02-20'));

    await lead('L5', repA, 'web', 500, at('03-01'));

    await lead('L6', repB, 'trade_show', 800, at('01-20'));
    await move('L6', 'won', at('03-01'), { amount: 900 });

    await lead('L7', repA, 'referral', 600, at('03-05'), { referredBy: { kind: 'lead', id: L.L4 } });
    await move('L7', 'lost', at('03-20'), { reason: 'No budget' });

    // Activities: the rep is whoever logged it (the authenticated caller), not the lead's owner.
    const activity = async (name: string, actor: string, activityType: string, occurredAt: string, extra: Record<string, unknown> = {}) =>
      post(`/leads/${L[name]}/activities`, { activityId: uid('act'), activityType, outcome: 'Talked', occurredAt, ...extra }, await t.as({ role: 'admin', ownerId: actor }));
    await activity('L5', repA, 'call', at('03-02', '09:00'));
    await activity('L5', repA, 'visit', at('03-02', '14:00'));
    await activity('L5', repA, 'call', at('03-03', '10:00'), { nextFollowUpAt: at('03-10', '09:00') });
    await activity('L3', repB, 'call', at('03-02', '11:00'));

    const log = (name: string, customerId: string, touchpoint: string, loggedAt: string, extra: Record<string, unknown> = {}) =>
      post('/complaints', complaint(customerId, { id: K[name], touchpoint, occurredAt: loggedAt, ...extra }));
    const on = (name: string, route: string, body: Record<string, unknown>) => post(`/complaints/${K[name]}/${route}`, body);
    const satisfaction = (expectedService: number, perceivedService: number, likelihoodToRecommend: number, wouldBuyAgain: boolean) => ({ expectedService, perceivedService, likelihoodToRecommend, wouldBuyAgain });

    await log('K1', L.L1, 'delivery', at('04-01', '08:00'));
    await on('K1', 'acknowledgement', { occurredAt: at('04-01', '08:30') });
    await on('K1', 'resolution', { resolution: 'Re-delivered', occurredAt: at('04-01', '12:00') });
    await on('K1', 'satisfaction', satisfaction(4, 3, 9, true));

    await log('K2', L.L6, 'store', at('04-02', '10:00'), { category: 'product_quality', severity: 'high' });
    await on('K2', 'acknowledgement', { occurredAt: at('04-02', '11:00') });
    await on('K2', 'resolution', { resolution: 'Replaced', occurredAt: at('04-03', '10:00') });
    await on('K2', 'satisfaction', satisfaction(5, 2, 3, false));

    await log('K3', L.L1, 'installation', at('04-05'), { category: 'safety', severity: 'critical' });
    await on('K3', 'escalation', { level: 'manager', reason: 'Loose wiring', occurredAt: at('04-05', '01:00') });
    await on('K3', 'resolution', { resolution: 'Rewired', occurredAt: at('04-05', '20:00') });

    await log('K4', L.L6, 'store', at('04-10'), { category: 'safety', severity: 'critical' });
    await on('K4', 'escalation', { level: 'executive', reason: 'Overheating', occurredAt: at('04-10') });
    await on('K4', 'resolution', { resolution: 'Recalled', occurredAt: at('04-12') });

    await log('K5', L.L6, 'delivery', at('04-15'), { severity: 'low' });
    await on('K5', 'acknowledgement', { occurredAt: at('04-15', '00:10') });
    await on('K5', 'resolution', { resolution: 'Re-delivered', occurredAt: at('04-15', '02:00') });
    await on('K5', 'satisfaction', satisfaction(3, 4, 8, true));
    await on('K5', 'reopening', { reason: 'Late again', occurredAt: at('04-16') });
  });
  afterAll(() => t.destroy());

  describe('GET /reports/funnel', () => {
    it('counts the leads per stage, the stage-to-stage conversion, the win rate and the days to win and to lose', async () => {
      const body = await report('/reports/funnel');
      expect(body).toMatchObject({ groupBy: null, from: null, to: null, asOf: null });
      expect(body.total).toMatchObject({
        key: 'all',
        leads: 7,
        stages: stages({ D: 1, B: 1, A: 1, won: 2, lost: 2 }),
        conversion: [
          { from: 'D', to: 'C', reached: 7, advanced: 5, rate: 5 / 7 }, // L4 and L6 skipped C, and reached it
          { from: 'C', to: 'B', reached: 5, advanced: 4, rate: 0.8 },
          { from: 'B', to: 'A', reached: 4, advanced: 3, rate: 0.75 },
          { from: 'A', to: 'won', reached: 3, advanced: 2, rate: 2 / 3 },
        ],
        won: 2,
        lost: 2,
        winRate: 0.5,
        daysToWin: { count: 2, mean: 35, median: 35 }, // L1 30, L6 40
        daysToLose: { count: 2, mean: 17.5, median: 17.5 }, // L2 20, L7 15
      });
      expect(body.groups).toEqual([body.total]);
    });

    it('asOf shows the funnel as it stood then: later moves undone, later leads left out, stays measured up to then', async () => {
      const body = await report('/reports/funnel?asOf=2026-02-15T00:00:00Z');
      expect(body.asOf).toBe('2026-02-15T00:00:00Z');
      expect(body.total).toEqual({
        key: 'all',
        leads: 5, // L5 and L7 came later
        stages: stages({ D: 2, C: 1, won: 1, lost: 1 }), // L4 and L6 still at D, L3 at C
        conversion: [
          { from: 'D', to: 'C', reached: 5, advanced: 3, rate: 0.6 },
          { from: 'C', to: 'B', reached: 3, advanced: 1, rate: 1 / 3 },
          { from: 'B', to: 'A', reached: 1, advanced: 1, rate: 1 },
          { from: 'A', to: 'won', reached: 1, advanced: 1, rate: 1 },
        ],
        won: 1,
        lost: 1,
        winRate: 0.5,
        daysToWin: { count: 1, mean: 30, median: 30 },
        daysToLose: { count: 1, mean: 20, median: 20 },
        // D: L1 5, L2 10, L3 10, L4 5, L6 26 → 56 / 5; C: L1 10, L2 10, L3 4 → 24 / 3; B: L1 15.
        meanDaysInStage: { D: 11.2, C: 8, B: 15, A: null },
      });
      // Before anything was captured there is no funnel at all.
      expect((await report('/reports/funnel?asOf=2025-12-31T23:59:59Z')).total).toMatchObject({ leads: 0, won: 0, winRate: null, daysToWin: { count: 0, mean: null, median: null } });
    });

    it('groups by owner, source and month of capture', async () => {
      const byOwner = await report('/reports/funnel?groupBy=owner');
      expect(byOwner.groupBy).toBe('owner');
      expect(byOwner.groups.map((g: { key: string }) => g.key)).toEqual([repA, repB]);
      expect(group(byOwner, repA)).toMatchObject({ leads: 4, stages: stages({ D: 1, won: 1, lost: 2 }), won: 1, lost: 2, winRate: 1 / 3, daysToWin: { count: 1, mean: 30 }, daysToLose: { count: 2, mean: 17.5 } });
      expect(group(byOwner, repB)).toMatchObject({ leads: 3, stages: stages({ B: 1, A: 1, won: 1 }), won: 1, lost: 0, winRate: 1, daysToWin: { count: 1, mean: 40 }, daysToLose: { count: 0, mean: null } });
      expect(byOwner.total.leads).toBe(7);

      const bySource = await report('/reports/funnel?groupBy=source');
      expect(bySource.groups.map((g: { key: string }) => g.key)).toEqual(['referral', 'trade_show', 'web']);
      expect(group(bySource, 'referral')).toMatchObject({ leads: 2, stages: stages({ B: 1, lost: 1 }), won: 0, lost: 1, winRate: 0 });
      expect(group(bySource, 'trade_show')).toMatchObject({ leads: 2, stages: stages({ won: 1, lost: 1 }), winRate: 0.5, daysToWin: { mean: 40 }, daysToLose: { mean: 20 } });
      expect(group(bySource, 'web')).toMatchObject({ leads: 3, stages: stages({ D: 1, A: 1, won: 1 }), winRate: 1 });

      const byMonth = await report('/reports/funnel?groupBy=month');
      expect(byMonth.groups.map((g: { key: string; leads: number }) => [g.key, g.leads])).toEqual([
        ['2026-01', 3],
        ['2026-02', 2],
        ['2026-03', 2],
      ]);
      expect(group(byMonth, '2026-01')).toMatchObject({ won: 2, lost: 1, winRate: 2 / 3 });

      const byProduct = await report('/reports/funnel?groupBy=product');
      expect(byProduct.groups).toEqual([{ ...byProduct.total, key: 'crm-suite' }]);
    });

    it('from (inclusive) and to (exclusive) select the leads captured in the period', async () => {
      const body = await report('/reports/funnel?from=2026-02-01&to=2026-03-01');
      expect(body).toMatchObject({ from: '2026-02-01', to: '2026-03-01' });
      expect(body.total).toMatchObject({ leads: 2, stages: stages({ B: 1, A: 1 }), won: 0, lost: 0, winRate: null }); // L3, L4
      expect((await report('/reports/funnel?from=2026-03-01')).total).toMatchObject({ leads: 2, stages: stages({ D: 1, lost: 1 }) }); // L5, L7
    });
  });

  describe('GET /reports/forecast', () => {
    it('learns each stage rate from history and lists the leads and rate behind every figure', async () => {
      const body = await report('/reports/forecast');
      expect(body.groupBy).toBeNull();
      const sample = (rate: { sample: { won: string[]; lost: string[] } }) => ({ won: [...rate.sample.won].sort(), lost: [...rate.sample.lost].sort() });
      // Closed: L1 won, L6 won, L2 lost (reached C), L7 lost (at D).
      expect(body.rates.D).toMatchObject({ rate: 0.5, rateSource: 'learned', closedSample: 4, learnedRate: 0.5 });
      expect(sample(body.rates.D)).toEqual({ won: [L.L1, L.L6].sort(), lost: [L.L2, L.L7].sort() });
      expect(body.rates.C).toMatchObject({ rate: 2 / 3, rateSource: 'learned', closedSample: 3 });
      expect(sample(body.rates.C)).toEqual({ won: [L.L1, L.L6].sort(), lost: [L.L2] });
      expect(body.rates.B).toMatchObject({ rate: 1, rateSource: 'learned', closedSample: 2 });
      expect(body.rates.A).toMatchObject({ rate: 1, rateSource: 'learned', closedSample: 2 });
      // Open: L5 at D (500), L4 at B (4000), L3 at A (3000).
      expect(body.total).toEqual({
        leads: 3,
        amount: 7500,
        forecast: 7250,
        unratedLeadIds: [],
        basis: {
          stages: [
            { stage: 'D', forecast: 250, basis: { rate: 0.5, rateSource: 'learned', closedSample: 4, leads: [{ leadId: L.L5, amount: 500, contribution: 250 }] } },
            { stage: 'C', forecast: 0, basis: { rate: 2 / 3, rateSource: 'learned', closedSample: 3, leads: [] } },
            { stage: 'B', forecast: 4000, basis: { rate: 1, rateSource: 'learned', closedSample: 2, leads: [{ leadId: L.L4, amount: 4000, contribution: 4000 }] } },
            { stage: 'A', forecast: 3000, basis: { rate: 1, rateSource: 'learned', closedSample: 2, leads: [{ leadId: L.L3, amount: 3000, contribution: 3000 }] } },
          ],
        },
      });
      expect(body.groups).toHaveLength(1);
      expect(body.groups[0]).toMatchObject({ key: 'all', total: body.total });
      expect(body.groups[0].stages.map((s: any) => [s.stage, s.leads, s.amount, s.rate, s.forecast])).toEqual([
        ['D', 1, 500, 0.5, 250],
        ['C', 0, 0, 2 / 3, 0],
        ['B', 1, 4000, 1, 4000],
        ['A', 1, 3000, 1, 3000],
      ]);
    });

    it('a configured rate (rateB=0.5) replaces the learned one for its stage only, and says so', async () => {
      const body = await report('/reports/forecast?rateB=0.5');
      expect(body.rates.B).toMatchObject({ rate: 0.5, rateSource: 'configured', learnedRate: 1, closedSample: 2 });
      expect(body.rates.D).toMatchObject({ rate: 0.5, rateSource: 'learned' });
      expect(body.total).toMatchObject({ leads: 3, amount: 7500, forecast: 5250 });
      expect(body.total.basis.stages[2]).toEqual({ stage: 'B', forecast: 2000, basis: { rate: 0.5, rateSource: 'configured', closedSample: 2, leads: [{ leadId: L.L4, amount: 4000, contribution: 2000 }] } });
    });

    it('groups by owner with the rates learned from all leads', async () => {
      const body = await report('/reports/forecast?groupBy=owner&rateB=0.5');
      expect(body.groups.map((g: any) => [g.key, g.total.leads, g.total.amount, g.total.forecast])).toEqual([
        [repA, 1, 500, 250],
        [repB, 2, 7000, 5000],
      ]);
    });
  });

  describe('GET /reports/sources', () => {
    it('per prospecting method: leads, ideal prospects, win rate, revenue, median days to win', async () => {
      const body = await report('/reports/sources');
      expect(body).toEqual({
        from: null,
        to: null,
        sources: [
          { source: 'referral', leads: 2, qualified: 0, qualifiedShare: 0, won: 0, lost: 1, winRate: 0, revenueWon: 0, medianDaysToWin: null },
          { source: 'trade_show', leads: 2, qualified: 0, qualifiedShare: 0, won: 1, lost: 1, winRate: 0.5, revenueWon: 900, medianDaysToWin: 40 },
          { source: 'web', leads: 3, qualified: 2, qualifiedShare: 2 / 3, won: 1, lost: 0, winRate: 1, revenueWon: 1200, medianDaysToWin: 30 },
        ],
      });
      const march = await report('/reports/sources?from=2026-03-01&to=2026-04-01');
      expect(march.sources.map((s: any) => [s.source, s.leads, s.won, s.lost, s.winRate])).toEqual([
        ['referral', 1, 0, 1, 0],
        ['web', 1, 0, 0, null],
      ]);
    });
  });

  describe('GET /reports/referrals', () => {
    it('shows who referred whom as a chain, and per referrer what came of it', async () => {
      const body = await report('/reports/referrals');
      const row = (id: string) => body.referrers.find((r: { referrerId: string }) => r.referrerId === id);
      expect(body.referrers).toHaveLength(2);
      const noRewards = { outstanding: { count: 0, amount: 0, rewardIds: [] }, paid: { count: 0, amount: 0 } };
      expect(row(L.L1)).toEqual({ referrerId: L.L1, kinds: ['customer'], referred: 1, won: 0, lost: 0, open: 1, wonAmount: 0, referredLeadIds: [L.L4], wonLeadIds: [], vip: false, vipSince: null, rewards: noRewards });
      expect(row(L.L4)).toEqual({ referrerId: L.L4, kinds: ['lead'], referred: 1, won: 0, lost: 1, open: 0, wonAmount: 0, referredLeadIds: [L.L7], wonLeadIds: [], vip: false, vipSince: null, rewards: noRewards });
      expect(body.chains).toEqual([
        { id: L.L1, stage: null, wonAt: null, referred: [{ id: L.L4, stage: 'B', wonAt: null, referred: [{ id: L.L7, stage: 'lost', wonAt: null, referred: [] }] }] },
      ]);
      expect(body.longestChain).toBe(2);
    });
  });

  describe('GET /reports/activity', () => {
    it('counts activities per rep (who logged them) per day and week, within the days asked for', async () => {
      const body = await report('/reports/activity?from=2026-03-01&to=2026-03-31');
      expect(body.perRepDay).toEqual([
        { repId: repA, day: '2026-03-02', week: '2026-W10', counts: counts({ call: 1, visit: 1 }), total: 2 },
        { repId: repA, day: '2026-03-03', week: '2026-W10', counts: counts({ call: 1 }), total: 1 },
        { repId: repB, day: '2026-03-02', week: '2026-W10', counts: counts({ call: 1 }), total: 1 },
      ]);
      expect(body.perRepWeek).toEqual([
        { repId: repA, week: '2026-W10', counts: counts({ call: 2, visit: 1 }), total: 3, activeDays: 2 },
        { repId: repB, week: '2026-W10', counts: counts({ call: 1 }), total: 1, activeDays: 1 },
      ]);
      expect((await report('/reports/activity?from=2026-03-03&to=2026-03-03')).perRepDay).toEqual([
        { repId: repA, day: '2026-03-03', week: '2026-W10', counts: counts({ call: 1 }), total: 1 },
      ]);
    });

    it('lists overdue follow-ups and the open leads nobody touched for idleDays', async () => {
      const body = await report('/reports/activity');
      expect(body.followUpsOverdue).toEqual([{ leadId: L.L5, name: 'Lead L5', ownerId: repA, stage: 'D', nextFollowUpAt: at('03-10', '09:00') }]);
      expect(body.followUpsDueToday).toEqual([]);
      expect(body.idleAfterDays).toBe(7);
      // Open leads only (L1, L2, L6, L7 are closed), longest idle first; untouched L4 counts from its capture.
      const days = (since: string) => (Date.parse(body.asOf) - Date.parse(since)) / 86_400_000;
      expect(body.idleLeads.map((l: any) => [l.leadId, l.lastTouchAt, l.stage])).toEqual([
        [L.L4, at('02-10'), 'B'],
        [L.L3, at('03-02', '11:00'), 'A'],
        [L.L5, at('03-03', '10:00'), 'D'],
      ]);
      for (const idle of body.idleLeads) expect(idle.idleDays).toBeCloseTo(days(idle.lastTouchAt), 1);
    });

    it('repId keeps one rep: their activities and the leads they own', async () => {
      const body = await report(`/reports/activity?repId=${repA}`);
      expect(body.perRepDay.map((d: any) => [d.repId, d.day, d.total])).toEqual([
        [repA, '2026-03-02', 2],
        [repA, '2026-03-03', 1],
      ]);
      expect(body.followUpsOverdue.map((f: any) => f.leadId)).toEqual([L.L5]);
      expect(body.idleLeads.map((l: any) => l.leadId)).toEqual([L.L5]);
    });
  });

  describe('GET /reports/satisfaction', () => {
    it('counts complaints, times to acknowledge and resolve, deadlines met and missed, reopen rate, the expectation gap and NPS', async () => {
      const body = await report('/reports/satisfaction');
      expect(body.total).toEqual({
        key: 'all',
        complaints: 5,
        open: 1, // K5, reopened
        timeToAcknowledge: { count: 3, mean: 33.33, median: 30, p90: 60 }, // 30, 60, 10
        timeToResolve: { count: 4, mean: 1440, median: 1320, p90: 2880 }, // 240, 1440, 1200, 2880 (K5 open again)
        deadlines: { met: 1, missed: 1, pending: 0, missedComplaintIds: [K.K4] },
        reopenRate: 0.2, // 1 of the 5 ever resolved
        satisfaction: {
          answers: 3,
          meanPerceived: 3,
          meanExpected: 4,
          meanGap: -1,
          promoters: 1,
          passives: 1,
          detractors: 1,
          nps: 0,
          wouldBuyAgainShare: 2 / 3,
        },
      });
    });

    it('groups by touchpoint', async () => {
      const body = await report('/reports/satisfaction?groupBy=touchpoint');
      expect(body.groupBy).toBe('touchpoint');
      expect(body.groups.map((g: { key: string }) => g.key)).toEqual(['delivery', 'installation', 'store']);
      expect(group(body, 'delivery')).toMatchObject({
        complaints: 2,
        open: 1,
        timeToAcknowledge: { count: 2, mean: 20, median: 20, p90: 30 },
        timeToResolve: { count: 1, mean: 240 },
        deadlines: { met: 0, missed: 0, pending: 0 },
        reopenRate: 0.5,
        satisfaction: { answers: 2, promoters: 1, passives: 1, detractors: 0, nps: 50, meanGap: 0, meanPerceived: 3.5, meanExpected: 3.5 },
      });
      expect(group(body, 'installation')).toMatchObject({ complaints: 1, open: 0, timeToAcknowledge: { count: 0, mean: null }, timeToResolve: { count: 1, mean: 1200 }, deadlines: { met: 1, missed: 0 }, reopenRate: 0, satisfaction: { answers: 0, nps: null } });
      expect(group(body, 'store')).toMatchObject({
        complaints: 2,
        timeToResolve: { count: 2, mean: 2160, median: 2160, p90: 2880 },
        deadlines: { met: 0, missed: 1, missedComplaintIds: [K.K4] },
        reopenRate: 0,
        satisfaction: { answers: 1, detractors: 1, nps: -100, meanGap: -3 },
      });
    });

    it('groups by the owner of the customer', async () => {
      const body = await report('/reports/satisfaction?groupBy=owner');
      expect(body.groups.map((g: { key: string }) => g.key)).toEqual([repA, repB]);
      expect(group(body, repA)).toMatchObject({
        complaints: 2,
        open: 0,
        timeToAcknowledge: { count: 1, mean: 30 },
        timeToResolve: { count: 2, mean: 720, median: 720 },
        deadlines: { met: 1, missed: 0 },
        reopenRate: 0,
        satisfaction: { answers: 1, nps: 100, meanGap: -1 },
      });
      expect(group(body, repB)).toMatchObject({
        complaints: 3,
        open: 1,
        timeToAcknowledge: { count: 2, mean: 35 },
        timeToResolve: { count: 2, mean: 2160 },
        deadlines: { met: 0, missed: 1 },
        reopenRate: 1 / 3,
        satisfaction: { answers: 2, nps: -50, meanGap: -1 },
      });
    });

    it('from (inclusive) and to (exclusive) select the complaints logged in the period', async () => {
      const body = await report('/reports/satisfaction?from=2026-04-05&to=2026-04-15');
      expect(body.total).toMatchObject({ complaints: 2, deadlines: { met: 1, missed: 1 }, satisfaction: { answers: 0 } }); // K3, K4
    });
  });

  describe('invalid parameters', () => {
    it.each([
      '/reports/funnel?groupBy=nonsense',
      '/reports/funnel?asOf=yesterday',
      '/reports/funnel?asOf=2026-02-30',
      '/reports/funnel?from=2026-13-01',
      '/reports/funnel?groupBy[$ne]=x',
      '/reports/funnel?unknown=1',
      '/reports/forecast?rateA=2',
      '/reports/forecast?rateB=-0.1',
      '/reports/forecast?rateC=half',
      '/reports/forecast?rateA=', // not a configured rate of 0
      '/reports/forecast?rateA=0x1',
      '/reports/forecast?rateA=0.5&rateA=0.6',
      '/reports/forecast?groupBy=nonsense',
      '/reports/forecast?$where=1',
      '/reports/satisfaction?groupBy=nonsense',
      '/reports/satisfaction?groupBy=product',
      '/reports/satisfaction?from=yesterday',
      '/reports/activity?from=2026-3-1',
      '/reports/funnel?from=2026-06-01&to=2026-01-01', // a period that ends before it starts
      '/reports/activity?from=2026-06-02&to=2026-06-01',
      '/reports/activity?from=2026-02-31',
      '/reports/activity?to=2026-13-01',
      '/reports/activity?idleDays=0',
      '/reports/activity?idleDays=366',
      '/reports/activity?repId[$ne]=x',
      '/reports/sources?to=soon',
      '/reports/referrals?unknown=1',
    ])('GET %s is 400', async (path) => {
      expectProblem(await t.http.get(path), 400, 'VALIDATION_FAILED');
    });
  });
});
