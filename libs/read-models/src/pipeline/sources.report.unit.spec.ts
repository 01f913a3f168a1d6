import { pipelineDocs } from '../testing/lead-events';
import { sourcesReport } from './sources.report';

const at = (day: string) => `2024-${day}T00:00:00.000Z`;

const leads = pipelineDocs(
  { leadId: 'R1', capturedAt: at('03-01'), capture: { source: 'referral' }, manClass: 'M+A+N', moves: [['B', at('03-11')], ['won', at('03-21'), 50_000]] },
  { leadId: 'R2', capturedAt: at('03-02'), capture: { source: 'referral' }, manClass: 'M+A+N', moves: [['won', at('04-01'), 25_000.5]] },
  { leadId: 'R3', capturedAt: at('03-03'), capture: { source: 'referral' }, manClass: 'M+a+N', moves: [['lost', at('03-13')]] },
  { leadId: 'R4', capturedAt: at('04-10'), capture: { source: 'referral' } },
  { leadId: 'T1', capturedAt: at('03-05'), capture: { source: 'telemarketing' }, manClass: 'm+a+n', moves: [['lost', at('03-06')]] },
  { leadId: 'T2', capturedAt: at('03-06'), capture: { source: 'telemarketing' }, manClass: 'M+A+n' },
  // Won, then reopened: not a win any more.
  { leadId: 'T3', capturedAt: at('03-07'), capture: { source: 'telemarketing' }, moves: [['won', at('03-17'), 9_000], ['reopen:A', at('03-20')]] },
);

describe('sources report', () => {
  it('per source: leads, share of ideal prospects (M+A+N), win rate, revenue won and median days to win', () => {
    expect(sourcesReport(leads).sources).toEqual([
      { source: 'referral', leads: 4, qualified: 2, qualifiedShare: 0.5, won: 2, lost: 1, winRate: 2 / 3, revenueWon: 75_000.5, medianDaysToWin: 25 },
      { source: 'telemarketing', leads: 3, qualified: 0, qualifiedShare: 0, won: 0, lost: 1, winRate: 0, revenueWon: 0, medianDaysToWin: null },
    ]);
  });

  it('limits to leads captured in the period', () => {
    const report = sourcesReport(leads, { from: at('04-01'), to: at('05-01') });
    expect(report).toEqual({
      from: at('04-01'),
      to: at('05-01'),
      sources: [{ source: 'referral', leads: 1, qualified: 0, qualifiedShare: 0, won: 0, lost: 0, winRate: null, revenueWon: 0, medianDaysToWin: null }],
    });
  });
});
