import { project } from '@app/projection-engine';
import { PipelineDoc, pipelineProjection } from './pipeline.projection';
import { recordLog, redelivered } from '../testing/event-log';
import { personalDataErased, readAsErased } from '../testing/subject-events';
import {
  activityLogged,
  consentWithdrawn,
  leadCaptured,
  leadQualified,
  leadReassigned,
  leadReopened,
  onLead,
  stageAdvanced,
} from '../testing/lead-events';

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
/** The one recording time recordLog gives every event. */
const RECORDED = recordLog(history)[0].metadata.recordedAt;

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
        { stage: 'D', at: T.captured, recordedAt: RECORDED },
        { stage: 'C', at: T.toC, recordedAt: RECORDED },
        { stage: 'B', at: T.toB, recordedAt: RECORDED },
        { stage: 'won', at: T.won, recordedAt: RECORDED },
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
      withdrawnPurposes: [],
      consentWithdrawnAt: null,
      inWorkQueues: false,
      personalDataErasedAt: null,
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

  it('keeps, per history entry, when the move happened and when it was recorded (they differ for a back-dated import)', () => {
    const log = recordLog([
      { ...onLead(leadCaptured('lead-chen', T.captured)), recordedAt: '2024-03-01T09:00:05.000Z' },
      { ...onLead(stageAdvanced('lead-chen', 'D', 'C', T.toC)), recordedAt: '2024-06-30T12:00:00.000Z' },
    ]);
    expect(project(pipelineProjection, log).get('lead-chen')!.stageHistory).toEqual([
      { stage: 'D', at: T.captured, recordedAt: '2024-03-01T09:00:05.000Z' },
      { stage: 'C', at: T.toC, recordedAt: '2024-06-30T12:00:00.000Z' },
    ]);
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

describe('pipeline projection: consent withdrawal and erasure', () => {
  const withdrawnAt = '2024-03-20T09:00:00.000Z';
  const erasedAt = '2024-04-20T09:00:00.000Z';
  const consenting = (leadId: string) =>
    leadCaptured(leadId, T.captured, { name: 'Zhao Min', consent: { purposes: ['sales_contact', 'marketing', 'profiling'] } });
  const open = [consenting('lead-zhao'), activityLogged('lead-zhao', 'act-1', 'call', T.call, T.followUp)].map((event) => onLead(event));

  it('keeps an open lead in the work queues, also one that never consented to marketing (not given is not withdrawn)', () => {
    expect(docsOf(open).get('lead-zhao')).toMatchObject({ inWorkQueues: true, withdrawnPurposes: [], consentWithdrawnAt: null });
    expect(docsOf([onLead(leadCaptured('lead-sun', T.captured))]).get('lead-sun')!.inWorkQueues).toBe(true);
  });

  it('takes the lead out of the work queues once marketing is withdrawn, and keeps it out after a reopening', () => {
    const withdrawn = [...open, onLead(consentWithdrawn('lead-zhao', ['marketing'], ['sales_contact', 'profiling'], withdrawnAt))];
    expect(docsOf(withdrawn).get('lead-zhao')).toMatchObject({
      consentPurposes: ['sales_contact', 'profiling'],
      withdrawnPurposes: ['marketing'],
      consentWithdrawnAt: null,
      inWorkQueues: false,
      nextFollowUpAt: T.followUp,
    });
    const reopened = [
      ...withdrawn,
      onLead(stageAdvanced('lead-zhao', 'D', 'lost', T.won, { lostReason: 'No budget' })),
      onLead(leadReopened('lead-zhao', 'lost', 'C', T.reopened)),
    ];
    expect(docsOf(reopened).get('lead-zhao')).toMatchObject({ open: true, inWorkQueues: false });
  });

  it('stays in the work queues when another purpose is withdrawn', () => {
    const withdrawn = [...open, onLead(consentWithdrawn('lead-zhao', ['profiling'], ['sales_contact', 'marketing'], withdrawnAt))];
    expect(docsOf(withdrawn).get('lead-zhao')).toMatchObject({ withdrawnPurposes: ['profiling'], inWorkQueues: true });
  });

  it('records when the last consent went (the erasure is due from then on)', () => {
    const all = [
      ...open,
      onLead(consentWithdrawn('lead-zhao', ['profiling'], ['sales_contact', 'marketing'], T.toC)),
      onLead(consentWithdrawn('lead-zhao', ['sales_contact', 'marketing'], [], withdrawnAt)),
    ];
    expect(docsOf(all).get('lead-zhao')).toMatchObject({
      consentPurposes: [],
      withdrawnPurposes: ['profiling', 'sales_contact', 'marketing'],
      consentWithdrawnAt: withdrawnAt,
      inWorkQueues: false,
    });
  });

  describe('PersonalDataErased', () => {
    const before = docsOf(history).get('lead-huaxin')!;
    // The won lead opened its customer file under the same id: one person, both streams.
    const erasure = personalDataErased('lead-huaxin', ['lead-lead-huaxin', 'customer-lead-huaxin'], erasedAt);
    const scrubbed = docsOf([...history, erasure]).get('lead-huaxin')!;

    it('replaces the name with the erased marker and empties the search text', () => {
      expect(scrubbed).toMatchObject({ name: '[erased]', searchText: '', personalDataErasedAt: erasedAt, inWorkQueues: false });
      expect(JSON.stringify(scrubbed)).not.toMatch(/huaxin printing/i);
    });

    it('keeps every business fact: stages, amounts, dates, owner, qualification, activity counts', () => {
      const { name: _n, searchText: _s, personalDataErasedAt: _e, inWorkQueues: _q, _position: _p, ...facts } = scrubbed;
      const { name: _n0, searchText: _s0, personalDataErasedAt: _e0, inWorkQueues: _q0, _position: _p0, ...factsBefore } = before;
      expect(facts).toEqual(factsBefore);
      expect(scrubbed._position).toBe(history.length + 1);
    });

    it('equals the document rebuilt from the erased log (every personal field then reads "[erased]")', () => {
      expect(docsOf([...readAsErased(history, 'lead-huaxin'), erasure]).get('lead-huaxin')).toEqual(scrubbed);
    });

    it('touches only the leads the erasure names, and creates none', () => {
      const other = [...history, onLead(leadCaptured('lead-sun', T.captured, { name: 'Sun Li' })), personalDataErased('ghost', ['lead-lead-ghost', 'customer-lead-sun'], erasedAt)];
      const docs = docsOf(other);
      expect(docs.get('lead-sun')!.name).toBe('Sun Li');
      expect(docs.get('lead-huaxin')!.name).toBe('Huaxin Printing');
      expect(docs.has('lead-ghost')).toBe(false);
    });

    it('applied twice equals applied once', () => {
      const log = recordLog([...history, erasure]);
      expect(project(pipelineProjection, redelivered(log))).toEqual(project(pipelineProjection, log));
    });
  });
});
