import { Referrer } from '@app/domain/lead';
import { project } from '@app/projection-engine';
import { referralsProjection } from './referrals.projection';
import { recordLog } from '../testing/event-log';
import { Journey, journeyEvents, onLead } from '../testing/lead-events';
import { referralsReport, vipSince } from './referrals.report';

const referred = (leadId: string, referredBy: Referrer, capturedAt: string, outcome?: ['won' | 'lost', string]): Journey => ({
  leadId,
  capturedAt,
  capture: { source: 'referral', referredBy },
  moves: outcome ? [[outcome[0], outcome[1], outcome[0] === 'won' ? 10_000 : undefined]] : [],
});
const zhang: Referrer = { kind: 'customer', id: 'cust-zhang' };
const liu: Referrer = { kind: 'customer', id: 'cust-liu' };

// Customer Zhang's referrals; lead H, once won, is a customer (same id) and refers K, who refers N.
const journeys = [
  referred('H', zhang, '2023-12-01T00:00:00.000Z', ['won', '2024-01-10T00:00:00.000Z']),
  referred('W', zhang, '2024-04-01T00:00:00.000Z', ['won', '2024-05-01T00:00:00.000Z']),
  referred('D', zhang, '2024-12-01T00:00:00.000Z', ['won', '2024-12-20T00:00:00.000Z']),
  referred('E', zhang, '2024-12-02T00:00:00.000Z', ['lost', '2024-12-22T00:00:00.000Z']),
  referred('M', { kind: 'lead', id: 'H' }, '2024-01-05T00:00:00.000Z'),
  referred('K', { kind: 'customer', id: 'H' }, '2024-02-01T00:00:00.000Z', ['won', '2024-03-01T00:00:00.000Z']),
  referred('N', { kind: 'customer', id: 'K' }, '2024-04-01T00:00:00.000Z'),
  // Three wins for Liu, but spread over more than a year.
  referred('P', liu, '2023-12-01T00:00:00.000Z', ['won', '2024-01-01T00:00:00.000Z']),
  referred('Q', liu, '2024-05-01T00:00:00.000Z', ['won', '2024-06-01T00:00:00.000Z']),
  referred('R', liu, '2025-01-01T00:00:00.000Z', ['won', '2025-02-01T00:00:00.000Z']),
];
const docs = [...project(referralsProjection, recordLog(journeys.flatMap(journeyEvents).map((event) => onLead(event)))).values()];

describe('referrals report', () => {
  const report = referralsReport(docs);

  it('sums the rewards owed and paid per referrer', () => {
    const withRewards = docs.map((doc) =>
      doc.referrer.id !== 'cust-liu' || !doc.wonAt
        ? doc
        : { ...doc, reward: { rewardId: `rw-${doc.referredLeadId}`, amount: 25, owedAt: doc.wonAt, paidAt: doc.referredLeadId === 'P' ? '2024-01-05T00:00:00.000Z' : null } },
    );
    const liuRow = referralsReport(withRewards).referrers.find((row) => row.referrerId === 'cust-liu')!;
    expect(liuRow.rewards).toEqual({ outstanding: { count: 2, amount: 50, rewardIds: ['rw-Q', 'rw-R'] }, paid: { count: 1, amount: 25 } });
  });

  it('counts referrals and wins per referrer, and the rewards they are owed', () => {
    expect(report.referrers.map(({ referrerId, kinds, referred: count, won, lost, open, wonAmount }) => [referrerId, kinds, count, won, lost, open, wonAmount])).toEqual([
      ['H', ['customer', 'lead'], 2, 1, 0, 1, 10_000],
      ['K', ['customer'], 1, 0, 0, 1, 0],
      ['cust-liu', ['customer'], 3, 3, 0, 0, 30_000],
      ['cust-zhang', ['customer'], 4, 3, 1, 0, 30_000],
    ]);
    expect(report.referrers[3]).toMatchObject({ referredLeadIds: ['D', 'E', 'H', 'W'], wonLeadIds: ['D', 'H', 'W'], rewards: { outstanding: { count: 0, amount: 0, rewardIds: [] }, paid: { count: 0, amount: 0 } } });
  });

  it('makes a VIP of three won referrals within 365 days, not of three spread over longer', () => {
    const vip = Object.fromEntries(report.referrers.map((row) => [row.referrerId, [row.vip, row.vipSince]]));
    expect(vip['cust-zhang']).toEqual([true, '2024-12-20T00:00:00.000Z']);
    expect(vip['cust-liu']).toEqual([false, null]);
    expect(referralsReport(docs, { vipWindowDays: 400 }).referrers.find((row) => row.referrerId === 'cust-liu')?.vipSince).toBe('2025-02-01T00:00:00.000Z');
  });

  it('follows chains through leads that became customers', () => {
    const zhangChain = report.chains.find((chain) => chain.id === 'cust-zhang')!;
    expect(report.chains.map((chain) => chain.id)).toEqual(['cust-liu', 'cust-zhang']);
    expect(zhangChain.stage).toBeNull();
    expect(zhangChain.referred.map((node) => node.id)).toEqual(['D', 'E', 'H', 'W']);
    const h = zhangChain.referred[2];
    expect(h).toMatchObject({ id: 'H', stage: 'won', wonAt: '2024-01-10T00:00:00.000Z' });
    expect(h.referred.map((node) => [node.id, node.stage, node.referred.map((grandchild) => grandchild.id)])).toEqual([
      ['K', 'won', ['N']],
      ['M', 'D', []],
    ]);
    expect(report.longestChain).toBe(3);
  });

  it('finds the first window that holds enough wins', () => {
    const wins = ['2024-01-01T00:00:00.000Z', '2024-11-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z'];
    expect(vipSince(wins, 3, 365)).toBe('2025-04-01T00:00:00.000Z');
    expect(vipSince(wins.slice(0, 2), 3, 365)).toBeNull();
  });
});
