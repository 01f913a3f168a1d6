import { complaintDocs } from '../testing/complaint-events';
import { satisfactionReport } from './satisfaction.report';

const NOW = '2024-05-20T00:00:00.000Z';
const at = (day: string, time = '08:00') => `2024-${day}T${time}:00.000Z`;

const complaints = complaintDocs(
  {
    complaintId: 'cmp-1',
    customerId: 'cust-a',
    steps: [
      ['log', at('05-01')],
      ['acknowledge', at('05-01', '08:30')],
      ['resolve', at('05-01', '20:00')],
      ['satisfaction', at('05-02'), { expectedService: 4, perceivedService: 5, likelihoodToRecommend: 10, wouldBuyAgain: true }],
    ],
  },
  {
    complaintId: 'cmp-2',
    customerId: 'cust-b',
    steps: [
      ['log', at('05-02', '09:00'), { category: 'billing', touchpoint: 'billing', severity: 'low' }],
      ['acknowledge', at('05-02', '10:00')],
      ['resolve', at('05-03', '09:00')],
      ['satisfaction', at('05-04'), { expectedService: 4, perceivedService: 2, likelihoodToRecommend: 3, wouldBuyAgain: false }],
    ],
  },
  {
    // Safety (PPSC): escalated at 09:00, deadline next day 09:00, resolved at 08:00: met.
    complaintId: 'cmp-3',
    customerId: 'cust-a',
    steps: [
      ['log', at('05-05'), { category: 'safety', touchpoint: 'after_sales', severity: 'critical' }],
      ['acknowledge', at('05-05', '08:10')],
      ['escalate', at('05-05', '09:00'), 'supervisor'],
      ['resolve', at('05-06')],
      ['satisfaction', at('05-07'), { expectedService: 5, perceivedService: 4, likelihoodToRecommend: 8, wouldBuyAgain: true }],
    ],
  },
  {
    // Deadline 11 May 09:00 passed with no resolution: missed.
    complaintId: 'cmp-4',
    customerId: 'cust-c',
    steps: [
      ['log', at('05-10'), { category: 'safety', touchpoint: 'store', severity: 'high' }],
      ['escalate', at('05-10', '09:00'), 'manager'],
    ],
  },
  {
    // Deadline 20 May 12:00, still ahead: pending.
    complaintId: 'cmp-5',
    customerId: 'cust-c',
    steps: [
      ['log', at('05-19'), { category: 'safety', touchpoint: 'store', severity: 'high' }],
      ['escalate', at('05-19', '12:00'), 'supervisor'],
    ],
  },
  {
    // Resolved, reopened, resolved again five days after logging.
    complaintId: 'cmp-6',
    customerId: 'cust-b',
    steps: [
      ['log', at('05-03')],
      ['acknowledge', at('05-03', '12:00')],
      ['resolve', at('05-04')],
      ['reopen', at('05-06')],
      ['resolve', at('05-08')],
    ],
  },
);

describe('satisfaction report', () => {
  const { total } = satisfactionReport(complaints, { now: NOW });

  it('counts complaints and measures time to acknowledge and to resolve (mean, median, p90 in minutes)', () => {
    expect(total).toMatchObject({ key: 'all', complaints: 6, open: 2 });
    expect(total.timeToAcknowledge).toEqual({ count: 4, mean: 85, median: 45, p90: 240 });
    expect(total.timeToResolve).toEqual({ count: 4, mean: 2700, median: 1440, p90: 7200 });
  });

  it('counts safety deadlines met, missed (also when passed unresolved) and pending', () => {
    expect(total.deadlines).toEqual({ met: 1, missed: 1, pending: 1, missedComplaintIds: ['cmp-4'] });
    // A day later the pending one has passed too.
    expect(satisfactionReport(complaints, { now: '2024-05-21T00:00:00.000Z' }).total.deadlines).toMatchObject({ missed: 2, pending: 0 });
  });

  it('gives the reopen rate of resolved complaints, satisfaction after resolution, the expectation gap and NPS', () => {
    expect(total.reopenRate).toBe(0.25);
    expect(total.satisfaction).toEqual({
      answers: 3,
      meanPerceived: 3.67,
      meanExpected: 4.33,
      meanGap: -0.67,
      promoters: 1,
      passives: 1,
      detractors: 1,
      nps: 0,
      wouldBuyAgainShare: 2 / 3,
    });
  });

  it('groups by category', () => {
    const { groups } = satisfactionReport(complaints, { now: NOW, groupBy: 'category' });
    expect(groups.map((group) => [group.key, group.complaints, group.satisfaction.nps])).toEqual([
      ['billing', 1, -100],
      ['delivery', 2, 100],
      ['safety', 3, 0],
    ]);
  });

  it('groups by the owner of the customer, unknown owners together', () => {
    const owners: Record<string, string> = { 'cust-a': 'rep-wang', 'cust-b': 'rep-li' };
    const { groups } = satisfactionReport(complaints, { now: NOW, groupBy: 'owner', ownerOf: (customerId) => owners[customerId] });
    expect(groups.map((group) => [group.key, group.complaints])).toEqual([
      ['(unknown)', 2],
      ['rep-li', 2],
      ['rep-wang', 2],
    ]);
  });

  it('has no NPS, satisfaction or reopen rate without answers or resolutions', () => {
    const unresolved = satisfactionReport(complaints.filter((complaint) => complaint.status === 'open'), { now: NOW }).total;
    expect(unresolved.satisfaction).toMatchObject({ answers: 0, nps: null, meanPerceived: null, wouldBuyAgainShare: null });
    expect(unresolved.reopenRate).toBeNull();
    expect(unresolved.timeToResolve).toEqual({ count: 0, mean: null, median: null, p90: null });
  });
});
