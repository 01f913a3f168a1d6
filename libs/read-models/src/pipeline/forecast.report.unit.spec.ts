import { pipelineDocs } from '../testing/lead-events';
import { forecastReport } from './forecast.report';

const NOW = '2024-06-01T00:00:00.000Z';
const at = (day: string) => `2024-${day}T00:00:00.000Z`;

// Closed history: the learned rates are D 2/5, C 2/4, B 2/3, A 2/2.
const closed = [
  { leadId: 'W1', capturedAt: at('01-02'), moves: [['C', at('01-10')], ['B', at('01-20')], ['A', at('02-01')], ['won', at('02-10'), 60_000]] },
  // D → B skips C and is won: it reached every stage.
  { leadId: 'W2', capturedAt: at('01-03'), moves: [['B', at('01-15')], ['won', at('02-15'), 30_000]] },
  { leadId: 'X1', capturedAt: at('01-04'), moves: [['C', at('01-14')], ['lost', at('02-01')]] },
  { leadId: 'X2', capturedAt: at('01-05'), moves: [['C', at('01-15')], ['B', at('01-25')], ['lost', at('02-20')]] },
  { leadId: 'X3', capturedAt: at('01-06'), moves: [['lost', at('01-16')]] },
] as const;

const open = [
  { leadId: 'O1', capturedAt: at('04-01'), capture: { expectedAmount: 10_000 } },
  { leadId: 'O2', capturedAt: at('04-02'), capture: { expectedAmount: 20_000, ownerId: 'rep-li' }, moves: [['C', at('04-12')]] },
  { leadId: 'O3', capturedAt: at('04-03'), capture: { expectedAmount: 30_000 }, moves: [['B', at('04-13')]] },
  // No expected amount yet: counted with 0.
  { leadId: 'O4', capturedAt: at('04-04'), capture: { ownerId: 'rep-li' }, moves: [['B', at('04-14')]] },
  { leadId: 'O5', capturedAt: at('04-05'), capture: { expectedAmount: 50_000 }, moves: [['C', at('04-15')], ['A', at('05-15')]] },
] as const;

const leads = pipelineDocs(...closed, ...open);

describe('forecast report', () => {
  it('learns each stage rate from the leads that reached it and closed, and shows the sample', () => {
    const { rates } = forecastReport(leads, { now: NOW });
    expect(rates.D).toEqual({ stage: 'D', rate: 0.4, rateSource: 'learned', closedSample: 5, learnedRate: 0.4, sample: { won: ['W1', 'W2'], lost: ['X1', 'X2', 'X3'] } });
    expect(rates.C).toMatchObject({ rate: 0.5, closedSample: 4 });
    expect(rates.B).toMatchObject({ rate: 2 / 3, closedSample: 3, sample: { won: ['W1', 'W2'], lost: ['X2'] } });
    expect(rates.A).toMatchObject({ rate: 1, closedSample: 2 });
  });

  it('forecasts every open lead as amount × its stage rate, with the leads and rate behind each figure', () => {
    const { total } = forecastReport(leads, { now: NOW });
    expect(total).toMatchObject({ leads: 5, amount: 110_000, forecast: 84_000, unratedLeadIds: [] });
    const b = total.basis.stages.find((stage) => stage.stage === 'B')!;
    expect(b).toEqual({
      stage: 'B',
      forecast: 20_000,
      basis: {
        rate: 2 / 3,
        rateSource: 'learned',
        closedSample: 3,
        leads: [
          { leadId: 'O3', amount: 30_000, contribution: 20_000 },
          { leadId: 'O4', amount: 0, contribution: 0 },
        ],
      },
    });
  });

  it('groups by owner, each group with its stages', () => {
    const { groups } = forecastReport(leads, { now: NOW, groupBy: 'owner' });
    expect(groups.map((group) => [group.key, group.total.leads, group.total.forecast])).toEqual([
      ['rep-li', 2, 10_000],
      ['rep-wang', 3, 74_000],
    ]);
    const wang = groups[1];
    expect(wang.stages.map((stage) => [stage.stage, stage.leads, stage.amount, stage.rate, stage.forecast])).toEqual([
      ['D', 1, 10_000, 0.4, 4_000],
      ['C', 0, 0, 0.5, 0],
      ['B', 1, 30_000, 2 / 3, 20_000],
      ['A', 1, 50_000, 1, 50_000],
    ]);
  });

  it('uses a configured rate where one is set, and says so', () => {
    const report = forecastReport(leads, { now: NOW, configuredRates: { A: 0.8 } });
    expect(report.rates.A).toMatchObject({ rate: 0.8, rateSource: 'configured', learnedRate: 1, closedSample: 2 });
    expect(report.rates.B.rateSource).toBe('learned');
    expect(report.total.forecast).toBe(74_000);
    expect(report.total.basis.stages[3].basis).toMatchObject({ rate: 0.8, rateSource: 'configured', leads: [{ leadId: 'O5', amount: 50_000, contribution: 40_000 }] });
  });

  it('leaves leads out of the forecast, by name, when their stage has no rate', () => {
    const report = forecastReport(pipelineDocs(...open), { now: NOW });
    expect(report.rates.D).toMatchObject({ rate: null, closedSample: 0 });
    expect(report.total.forecast).toBe(0);
    expect(report.total.unratedLeadIds).toEqual(['O1', 'O2', 'O3', 'O4', 'O5']);
    expect(report.total.basis.stages[0]).toMatchObject({ forecast: null, basis: { leads: [{ leadId: 'O1', amount: 10_000, contribution: null }] } });
  });

  it('is made as of now: later captures and closes are not known yet', () => {
    const withFuture = pipelineDocs(
      ...closed,
      ...open,
      { leadId: 'F1', capturedAt: at('05-01'), capture: { expectedAmount: 15_000 }, moves: [['B', at('05-10')], ['won', at('06-10'), 15_000]] },
      { leadId: 'F2', capturedAt: at('06-02'), capture: { expectedAmount: 99_000 } },
    );
    const report = forecastReport(withFuture, { now: NOW });
    expect(report.rates.B.closedSample).toBe(3);
    // Listed in lead id order, whatever order the documents come in.
    expect(report.total.basis.stages[2].basis.leads.map((lead) => lead.leadId)).toEqual(['F1', 'O3', 'O4']);
    expect(report.total.forecast).toBe(94_000);
  });
});
