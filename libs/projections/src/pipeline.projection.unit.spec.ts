import { project } from './projection';
import { PipelineDoc, pipelineProjection } from './pipeline.projection';
import { recordLog, redelivered } from './testing/event-log';
import {
  activityLogged,
  leadCaptured,
  leadQualified,
  leadReassigned,
  leadReopened,
  onLead,
  stageAdvanced,
} from './testing/lead-events';

const T = {
  captured: '2024-03-01T09:00:00.000Z',
  qualified: '2024-03-02T10:00:00.000Z',
  call: '2024-03-03T11:00:00.000Z',
  followUp: '2024-03-08T09:00:00.000Z',
  toC: '2024-03-05T09:00:00.000Z',
  toB: '2024-03-12T09:00:00.000Z',
  backdatedVisit: '2024-03-02T15:00:00.000Z',
  reassigned: '2024-03-15T09:00:00.000Z',
  won: '2024-04-01T09:00:00.000Z',
  reopened: '2024-04-10T09:00:00.000Z',
};

// An organisation found through a referral: qualified M+A+N, worked, moved D → C → B, handed over, won.
const history = [
  leadCaptured('lead-huaxin', T.captured, {
    kind: 'organisation',
    name: 'Huaxin Printing',
    organisation: { legalName: 'Shanghai Huaxin Printing Co., Ltd.', region: 'Shanghai', headcount: 120 },
    source: 'referral',
    referredBy: { kind: 'customer', id: 'cust-zhang' },
    productInterest: ['copier', 'service_contract'],
    expectedAmount: 80_000,
    expectedCloseDate: '2024-04-30',
    consent: { purposes: ['sales_contact', 'marketing'] },
  }),
  leadQualified('lead-huaxin', 'M+A+N', T.qualified),
  activityLogged('lead-huaxin', 'act-1', 'call', T.call, T.followUp),
  stageAdvanced('lead-huaxin', 'D', 'C', T.toC),
  stageAdvanced('lead-huaxin', 'C', 'B', T.toB, { expectedAmount: 95_000 }),
  // Imported late: counted, but the latest activity and its follow-up stay those of the call.
  activityLogged('lead-huaxin', 'act-0', 'visit', T.backdatedVisit),
  leadReassigned('lead-huaxin', 'rep-wang', 'rep-li', T.reassigned, ['team-east', 'team-north']),
  stageAdvanced('lead-huaxin', 'B', 'won', T.won, { wonAmount: 92_500 }),
].map((event) => onLead(event));

const docsOf = (entries = history) => project(pipelineProjection, recordLog(entries));

describe('pipeline projection', () => {
  it('keeps one document per lead with its stage history, qualification, activity and outcome', () => {
    const doc = docsOf().get('lead-huaxin');
    expect(doc).toEqual<PipelineDoc>({
      _id: 'lead-huaxin',
      _position: 8,
      leadId: 'lead-huaxin',
      kind: 'organisation',
      name: 'Huaxin Printing',
      ownerId: 'rep-li',
      teamId: 'team-north',
      source: 'referral',
      referredBy: { kind: 'customer', id: 'cust-zhang' },
      productInterest: ['copier', 'service_contract'],
      stage: 'won',
      open: false,
      stageHistory: [
        { stage: 'D', at: T.captured },
        { stage: 'C', at: T.toC },
        { stage: 'B', at: T.toB },
        { stage: 'won', at: T.won },
      ],
      stageEnteredAt: T.won,
      capturedAt: T.captured,
      captureMonth: '2024-03',
      closedAt: T.won,
      manClass: 'M+A+N',
      recommendedAction: 'pursue_now',
      qualifiedAt: T.qualified,
      expectedAmount: 95_000,
      expectedCloseDate: '2024-04-30',
      wonAmount: 92_500,
      lostReason: null,
      competitor: null,
      lastActivityAt: T.call,
      lastActivityType: 'call',
      nextFollowUpAt: T.followUp,
      activityCount: 2,
      consentPurposes: ['sales_contact', 'marketing'],
      searchText: 'huaxin printing shanghai huaxin printing co., ltd.',
    });
  });

  it('appends a reopening to the history and clears the outcome', () => {
    const reopened = [...history, onLead(leadReopened('lead-huaxin', 'won', 'A', T.reopened))];
    const doc = docsOf(reopened).get('lead-huaxin')!;
    expect(doc).toMatchObject({ stage: 'A', open: true, closedAt: null, wonAmount: null, stageEnteredAt: T.reopened });
    expect(doc.stageHistory.map((entry) => entry.stage)).toEqual(['D', 'C', 'B', 'won', 'A']);
  });

  it('records the lost reason and competitor, and a backward move as a history entry', () => {
    const lost = [
      leadCaptured('lead-chen', T.captured, { name: 'Chen Jie' }),
      stageAdvanced('lead-chen', 'D', 'B', T.toC),
      stageAdvanced('lead-chen', 'B', 'C', T.toB, { reason: 'Budget frozen until Q3' }),
      stageAdvanced('lead-chen', 'C', 'lost', T.won, { lostReason: 'Chose a cheaper offer', competitor: 'Ricoh' }),
    ].map((event) => onLead(event));
    const doc = docsOf(lost).get('lead-chen')!;
    expect(doc).toMatchObject({ stage: 'lost', open: false, closedAt: T.won, lostReason: 'Chose a cheaper offer', competitor: 'Ricoh' });
    expect(doc.stageHistory.map((entry) => entry.stage)).toEqual(['D', 'B', 'C', 'lost']);
    expect(doc.searchText).toBe('chen jie');
  });

  it('ignores events of a lead that was never captured', () => {
    const orphan = [onLead(stageAdvanced('lead-ghost', 'D', 'C', T.toC))];
    expect(docsOf(orphan).size).toBe(0);
  });

  it('applied twice equals applied once (redelivered events and a replayed batch change nothing)', () => {
    const log = recordLog(history);
    expect(project(pipelineProjection, redelivered(log))).toEqual(project(pipelineProjection, log));
  });

  it('names an index for every field the pipeline queries filter or sort on', () => {
    const indexed = new Set(pipelineProjection.indexes.flatMap((index) => index.fields.map((f) => f.field)));
    for (const field of ['stage', 'ownerId', 'teamId', 'source', 'manClass', 'productInterest', 'nextFollowUpAt', 'stageEnteredAt', 'capturedAt']) {
      expect(indexed).toContain(field);
    }
  });
});
