import { project } from '@app/projection-engine';
import { PipelineDoc, pipelineProjection } from './pipeline.projection';
import { recordLog } from '../testing/event-log';
import { leadCaptured, onLead, pipelineDocs, stageAdvanced } from '../testing/lead-events';
import { inPeriod, knowsRecordingTimes, leadAsOf, leadGroupKeys, reached } from './lead-history';
import { leadFacts } from './lead-tallies';

const at = (day: string) => `2024-${day}T00:00:00.000Z`;

const [lead] = pipelineDocs({
  leadId: 'L1',
  capturedAt: at('03-01'),
  capture: { productInterest: ['copier', 'copier', 'toner'] },
  // D → B skips C; back to C; lost; reopened at A.
  moves: [['B', at('03-05')], ['C', at('03-10')], ['lost', at('03-12')], ['reopen:A', at('03-20')]],
});

describe('lead history', () => {
  it('reads the lead as it stood at a moment, and not at all before its capture', () => {
    expect(leadAsOf(lead, at('02-28'))).toBeNull();
    expect(leadAsOf(lead, at('03-06'))).toMatchObject({ stage: 'B', open: true, closedAt: null });
    expect(leadAsOf(lead, at('03-15'))).toMatchObject({ stage: 'lost', open: false, closedAt: at('03-12') });
    expect(leadAsOf(lead)).toMatchObject({ stage: 'A', open: true });
  });

  it('reads the lead by what had been recorded at a moment: later records left out, even back-dated ones', () => {
    const [imported] = [
      ...project(
        pipelineProjection,
        recordLog([
          { ...onLead(leadCaptured('L2', at('03-01'))), recordedAt: at('03-01') },
          { ...onLead(stageAdvanced('L2', 'D', 'C', at('03-05'))), recordedAt: at('03-05') },
          // Recorded on 1 April, back-dated to 10 March.
          { ...onLead(stageAdvanced('L2', 'C', 'lost', at('03-10'))), recordedAt: at('04-01') },
        ]),
      ).values(),
    ];
    expect(leadAsOf(imported, undefined, at('02-28'))).toBeNull();
    expect(leadAsOf(imported, at('03-15'), at('03-20'))).toMatchObject({ stage: 'C', open: true, closedAt: null });
    expect(leadAsOf(imported, at('03-15'), at('04-01'))).toMatchObject({ stage: 'lost', open: false, closedAt: at('03-10') });
    expect(leadAsOf(imported, at('03-15'))).toMatchObject({ stage: 'lost' });
    expect(knowsRecordingTimes(imported)).toBe(true);
    const builtBeforeRecordingTimes = { ...imported, stageHistory: imported.stageHistory.map(({ stage, at: when }) => ({ stage, at: when })) } as unknown as PipelineDoc;
    expect(knowsRecordingTimes(builtBeforeRecordingTimes)).toBe(false);
  });

  it('counts a skipped stage as reached, and being lost as reaching nothing', () => {
    const atLost = leadAsOf(lead, at('03-15'))!;
    expect([reached(atLost, 'C'), reached(atLost, 'B'), reached(atLost, 'A')]).toEqual([true, true, false]);
    expect(reached(leadAsOf(lead)!, 'A')).toBe(true);
  });

  it('adds up the stays in each open stage that have ended; the current one is left to run up to the report time', () => {
    const DAY = 86_400_000;
    expect(leadFacts(leadAsOf(lead)!)).toMatchObject({
      wasIn: [true, true, true, true],
      endedStaysMs: [4 * DAY, 2 * DAY, 5 * DAY, 0],
      openStage: 3,
      openSinceMs: Date.parse(at('03-20')),
      closeMs: null,
      latestMs: Date.parse(at('03-20')),
    });
    // As it stood on 03-15: lost 11 days after capture, never in A.
    expect(leadFacts(leadAsOf(lead, at('03-15'))!)).toMatchObject({ wasIn: [true, true, true, false], endedStaysMs: [4 * DAY, 2 * DAY, 5 * DAY, 0], openStage: -1, closeMs: 11 * DAY });
  });

  it('puts a lead under each distinct product it wants; periods are half-open', () => {
    expect(leadGroupKeys(lead, 'product')).toEqual(['copier', 'toner']);
    expect(leadGroupKeys(lead, 'month')).toEqual(['2024-03']);
    expect(leadGroupKeys(lead, undefined)).toEqual(['all']);
    expect([inPeriod(at('03-01'), at('03-01'), at('04-01')), inPeriod(at('04-01'), at('03-01'), at('04-01'))]).toEqual([true, false]);
  });
});
