import { project } from '@app/projection-engine';
import { ReferralDoc, referralsProjection } from './referrals.projection';
import { recordLog, redelivered } from '../testing/event-log';
import { activityLogged, journeyEvents, onLead } from '../testing/lead-events';

// Customer Zhang refers Huaxin (won) and Wu (lost, then reopened); Huaxin, now a customer, refers Dong.
const log = recordLog(
  [
    ...journeyEvents({
      leadId: 'lead-huaxin',
      capturedAt: '2024-03-01T09:00:00.000Z',
      capture: { source: 'referral', referredBy: { kind: 'customer', id: 'cust-zhang' } },
      moves: [['C', '2024-03-05T09:00:00.000Z'], ['won', '2024-04-01T09:00:00.000Z', 92_500]],
    }),
    ...journeyEvents({
      leadId: 'lead-wu',
      capturedAt: '2024-03-02T09:00:00.000Z',
      capture: { source: 'referral', referredBy: { kind: 'customer', id: 'cust-zhang' } },
      moves: [['lost', '2024-03-20T09:00:00.000Z'], ['reopen:C', '2024-05-01T09:00:00.000Z']],
    }),
    ...journeyEvents({
      leadId: 'lead-dong',
      capturedAt: '2024-04-15T09:00:00.000Z',
      capture: { source: 'referral', referredBy: { kind: 'customer', id: 'lead-huaxin' } },
      moves: [['lost', '2024-04-30T09:00:00.000Z']],
    }),
    // Not referred: no document.
    ...journeyEvents({ leadId: 'lead-cold', capturedAt: '2024-03-03T09:00:00.000Z', moves: [['won', '2024-03-30T09:00:00.000Z', 5_000]] }),
    activityLogged('lead-huaxin', 'act-1', 'call', '2024-03-02T09:00:00.000Z'),
  ].map((event) => onLead(event)),
);

describe('referrals projection', () => {
  const docs = project(referralsProjection, log);

  it('keeps one document per referred lead with who referred it and how it ended', () => {
    expect([...docs.keys()].sort()).toEqual(['lead-dong', 'lead-huaxin', 'lead-wu']);
    expect(docs.get('lead-huaxin')).toEqual<ReferralDoc>({
      _id: 'lead-huaxin',
      _position: 3,
      referrer: { kind: 'customer', id: 'cust-zhang' },
      referredLeadId: 'lead-huaxin',
      capturedAt: '2024-03-01T09:00:00.000Z',
      stage: 'won',
      wonAt: '2024-04-01T09:00:00.000Z',
      wonAmount: 92_500,
      lostAt: null,
      reward: null,
    });
    expect(docs.get('lead-dong')).toMatchObject({ referrer: { kind: 'customer', id: 'lead-huaxin' }, stage: 'lost', lostAt: '2024-04-30T09:00:00.000Z', wonAt: null });
  });

  it('shows the reward owed on the referrer\'s stream when the referred lead is won, then its payment', () => {
    const rewards = recordLog(
      [
        { streamId: 'customer-cust-zhang', event: { type: 'ReferralRewardOwed', version: 1, data: { customerId: 'cust-zhang', rewardId: 'rw-huaxin', referredLeadId: 'lead-huaxin', amount: 25, at: '2024-04-01T09:00:00.000Z' } } },
        { streamId: 'customer-cust-zhang', event: { type: 'ReferralRewardPaid', version: 1, data: { customerId: 'cust-zhang', rewardId: 'rw-huaxin', referredLeadId: 'lead-huaxin', amount: 25, at: '2024-04-03T09:00:00.000Z' } } },
      ],
      log.length + 1,
    );
    const withRewards = project(referralsProjection, [...log, ...rewards]);
    expect(withRewards.get('lead-huaxin')!.reward).toEqual({ rewardId: 'rw-huaxin', amount: 25, owedAt: '2024-04-01T09:00:00.000Z', paidAt: '2024-04-03T09:00:00.000Z' });
    expect(project(referralsProjection, redelivered([...log, ...rewards]))).toEqual(withRewards);
  });

  it('a reopened lead is open again: neither won nor lost', () => {
    expect(docs.get('lead-wu')).toMatchObject({ stage: 'C', wonAt: null, lostAt: null });
  });

  it('applied twice equals applied once (redelivered events and a replayed batch change nothing)', () => {
    expect(project(referralsProjection, redelivered(log))).toEqual(docs);
  });

  it('a stale event delivered after a newer one changes nothing (the lost before the reopening)', () => {
    const lost = log.find((event) => event.type === 'LeadStageAdvanced' && (event.data as { leadId: string }).leadId === 'lead-wu')!;
    expect(project(referralsProjection, [...log, lost]).get('lead-wu')).toMatchObject({ stage: 'C', lostAt: null });
  });
});
