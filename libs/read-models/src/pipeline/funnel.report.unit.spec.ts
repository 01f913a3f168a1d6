import { LeadEvent } from '@app/domain/lead';
import { project } from '@app/projection-engine';
import { pipelineProjection } from './pipeline.projection';
import { LogEntry, recordLog } from '../testing/event-log';
import { journeyEvents, leadCaptured, onLead, pipelineDocs, stageAdvanced } from '../testing/lead-events';
import { funnelReport } from './funnel.report';

const NOW = '2024-06-01T00:00:00.000Z';
const at = (day: string) => `2024-${day}T00:00:00.000Z`;

// Six leads of two reps, March and April 2024.
const leads = pipelineDocs(
  // Straight down the funnel and won: D 4 days, C 7, B 8, A 12; 31 days to win.
  { leadId: 'L1', capturedAt: at('03-01'), capture: { source: 'referral', productInterest: ['copier', 'service_contract'] }, moves: [['C', at('03-05')], ['B', at('03-12')], ['A', at('03-20')], ['won', at('04-01'), 90_000]] },
  // Skips from D to A (so it reached C and B), then lost after 28 days.
  { leadId: 'L2', capturedAt: at('03-02'), capture: { source: 'trade_show' }, moves: [['A', at('03-10')], ['lost', at('03-30')]] },
  { leadId: 'L3', capturedAt: at('03-03'), capture: { ownerId: 'rep-li', productInterest: ['printer'] }, moves: [['C', at('03-13')], ['lost', at('03-23')]] },
  // Back from C to D: two stays in D (4 + 75 days, the second still running at NOW).
  { leadId: 'L4', capturedAt: at('03-04'), capture: { ownerId: 'rep-li' }, moves: [['C', at('03-08')], ['D', at('03-18')]] },
  { leadId: 'L5', capturedAt: at('03-10'), capture: { ownerId: 'rep-li', productInterest: [] } },
  { leadId: 'L6', capturedAt: at('04-05'), moves: [['C', at('04-10')], ['B', at('04-20')], ['won', at('05-20'), 40_000]] },
);

describe('funnel report', () => {
  it('counts leads per stage and converts stage to stage (a skipped stage counts as reached, lost reaches nothing)', () => {
    const { total } = funnelReport(leads, { now: NOW });
    expect(total.leads).toBe(6);
    expect(total.stages).toEqual({ D: 2, C: 0, B: 0, A: 0, won: 2, lost: 2 });
    expect(total.conversion).toEqual([
      { from: 'D', to: 'C', reached: 6, advanced: 5, rate: 5 / 6 },
      { from: 'C', to: 'B', reached: 5, advanced: 3, rate: 3 / 5 },
      { from: 'B', to: 'A', reached: 3, advanced: 3, rate: 1 },
      { from: 'A', to: 'won', reached: 3, advanced: 2, rate: 2 / 3 },
    ]);
  });

  it('gives the win rate, days to win and to lose, and mean days in each stage up to now', () => {
    const { total } = funnelReport(leads, { now: NOW });
    expect(total).toMatchObject({ won: 2, lost: 2, winRate: 0.5 });
    expect(total.daysToWin).toEqual({ count: 2, mean: 38, median: 38 });
    expect(total.daysToLose).toEqual({ count: 2, mean: 24, median: 24 });
    // D: (4 + 8 + 10 + 79 + 83 + 5) / 6; C: (7 + 10 + 10 + 10) / 4; B: (8 + 30) / 2; A: (12 + 20) / 2.
    expect(total.meanDaysInStage).toEqual({ D: 31.5, C: 9.25, B: 19, A: 16 });
  });

  it('groups by owner', () => {
    const report = funnelReport(leads, { now: NOW, groupBy: 'owner' });
    expect(report.groups.map((group) => [group.key, group.leads, group.won, group.lost, group.winRate])).toEqual([
      ['rep-li', 3, 0, 1, 0],
      ['rep-wang', 3, 2, 1, 2 / 3],
    ]);
    expect(report.total.leads).toBe(6);
  });

  it('groups by product: a lead counts under each product it wants, none under (none)', () => {
    const report = funnelReport(leads, { now: NOW, groupBy: 'product' });
    expect(report.groups.map((group) => [group.key, group.leads])).toEqual([
      ['(none)', 1],
      ['copier', 4],
      ['printer', 1],
      ['service_contract', 1],
    ]);
  });

  it('groups by capture month and limits to a capture period (from inclusive, to exclusive)', () => {
    expect(funnelReport(leads, { now: NOW, groupBy: 'month' }).groups.map((group) => [group.key, group.leads])).toEqual([
      ['2024-03', 5],
      ['2024-04', 1],
    ]);
    const april = funnelReport(leads, { now: NOW, from: '2024-04-01', to: '2024-04-05T00:00:00.001Z' });
    expect(april.total.leads).toBe(1);
    expect(april.total.stages.won).toBe(1);
    expect(funnelReport(leads, { now: NOW, from: '2024-04-01', to: at('04-05') }).total.leads).toBe(0);
  });

  it('as of a past moment: each lead at its stage then, later captures left out, stays measured up to then', () => {
    const { total, asOf } = funnelReport(leads, { now: NOW, asOf: at('03-25') });
    expect(asOf).toBe(at('03-25'));
    expect(total.leads).toBe(5);
    expect(total.stages).toEqual({ D: 2, C: 0, B: 0, A: 2, won: 0, lost: 1 });
    expect(total).toMatchObject({ won: 0, lost: 1, winRate: 0 });
    // A: L1 since 20 March (5 days), L2 since 10 March (15 days).
    expect(total.meanDaysInStage.A).toBe(10);
    expect(total.conversion[3]).toEqual({ from: 'A', to: 'won', reached: 2, advanced: 0, rate: 0 });
  });

  it('has no win rate or times without closed leads', () => {
    const { total } = funnelReport(leads, { now: NOW, asOf: at('03-09') });
    expect(total).toMatchObject({ winRate: null, daysToWin: { count: 0, mean: null, median: null } });
    expect(total.conversion[3].rate).toBeNull();
  });
});

describe('funnel report: as it stood (asOf) and as it was known (knownAt)', () => {
  // Live from May 2024; on 15 June the history before it was imported back-dated, with a correction.
  const recordedOn = (recordedAt: string, ...events: LeadEvent[]): LogEntry[] => events.map((event) => ({ ...onLead(event), recordedAt }));
  const history = [
    ...project(
      pipelineProjection,
      recordLog([
        ...recordedOn(at('05-01'), leadCaptured('L10', at('05-01'))),
        ...recordedOn(at('05-02'), leadCaptured('L11', at('05-02'))),
        ...recordedOn(at('05-10'), stageAdvanced('L10', 'D', 'C', at('05-10'))),
        // The import: a lead of March, won in April, and L11's loss on 20 May, all written on 15 June.
        ...recordedOn(at('06-15'), ...journeyEvents({ leadId: 'L12', capturedAt: at('03-01'), moves: [['C', at('03-10')], ['won', at('04-01'), 5_000]] })),
        ...recordedOn(at('06-15'), stageAdvanced('L11', 'D', 'lost', at('05-20'), { lostReason: 'No budget' })),
        ...recordedOn(at('06-20'), stageAdvanced('L10', 'C', 'B', at('06-20'))),
      ]),
    ).values(),
  ];
  const end = at('05-31');

  it('asOf counts every move that had happened by then, back-dated imports included', () => {
    const report = funnelReport(history, { now: NOW, asOf: end });
    expect(report).toMatchObject({ asOf: end, knownAt: null });
    expect(report.total).toMatchObject({ leads: 3, stages: { D: 0, C: 1, B: 0, A: 0, won: 1, lost: 1 }, won: 1, lost: 1, winRate: 0.5 });
    // D: L10 9, L11 18, L12 9 days; C: L10 21 (open to asOf), L12 22.
    expect(report.total.meanDaysInStage).toEqual({ D: 12, C: 21.5, B: null, A: null });
  });

  it('knownAt counts only what had been recorded by then: the import and the correction are not there yet', () => {
    const report = funnelReport(history, { now: NOW, knownAt: end });
    // Alone, knownAt is also the business time read.
    expect(report).toMatchObject({ asOf: end, knownAt: end });
    expect(report.total).toMatchObject({ leads: 2, stages: { D: 1, C: 1, B: 0, A: 0, won: 0, lost: 0 }, won: 0, lost: 0, winRate: null });
    // D: L10 9, L11 29 (still open then); C: L10 21.
    expect(report.total.meanDaysInStage).toEqual({ D: 19, C: 21, B: null, A: null });
  });

  it('combined: as it stood at asOf by what was known at knownAt', () => {
    const asKnownAfterImport = funnelReport(history, { now: NOW, asOf: end, knownAt: at('06-15') });
    expect(asKnownAfterImport).toMatchObject({ asOf: end, knownAt: at('06-15') });
    expect(asKnownAfterImport.total).toEqual(funnelReport(history, { now: NOW, asOf: end }).total);
    // April, as known in May: nothing (the March lead was not imported yet); as known now: one won lead.
    expect(funnelReport(history, { now: NOW, asOf: at('04-30'), knownAt: end }).total).toMatchObject({ leads: 0, won: 0 });
    expect(funnelReport(history, { now: NOW, asOf: at('04-30') }).total).toMatchObject({ leads: 1, won: 1, stages: { won: 1 } });
  });

  it('without cut-offs reads everything recorded, up to now', () => {
    const report = funnelReport(history, { now: NOW });
    expect(report).toMatchObject({ asOf: null, knownAt: null });
    expect(report.total).toMatchObject({ leads: 3, stages: { D: 0, C: 0, B: 1, A: 0, won: 1, lost: 1 } });
  });
});
