import { ComplaintDoc, complaintsProjection } from './complaints.projection';
import { project } from '@app/projection-engine';
import { ComplaintStep, complaintEvents, onComplaint } from '../testing/complaint-events';
import { recordLog, redelivered } from '../testing/event-log';
import { personalDataErased, readAsErased } from '../testing/subject-events';

const T = {
  logged: '2024-05-10T08:00:00.000Z',
  acknowledged: '2024-05-10T08:45:00.000Z',
  escalated: '2024-05-10T10:00:00.000Z',
  escalatedAgain: '2024-05-11T09:00:00.000Z',
  resolved: '2024-05-11T20:00:00.000Z',
  satisfaction: '2024-05-12T09:00:00.000Z',
  reopened: '2024-05-20T09:00:00.000Z',
  resolvedAgain: '2024-05-22T09:00:00.000Z',
};

// A copier that overheats: a safety complaint (PPSC), escalated twice, resolved, answered, reopened.
const safetySteps: ComplaintStep[] = [
  ['log', T.logged, { category: 'safety', touchpoint: 'after_sales', severity: 'critical', channel: 'phone', description: 'Copier overheats', handlerId: 'svc-liu' }],
  ['acknowledge', T.acknowledged],
  ['escalate', T.escalated, 'supervisor'],
  ['escalate', T.escalatedAgain, 'manager'],
  ['resolve', T.resolved],
  ['satisfaction', T.satisfaction, { expectedService: 4, perceivedService: 3, likelihoodToRecommend: 6, wouldBuyAgain: true, consideredOtherBrands: true }],
];
const safetyStory = complaintEvents('cmp-7a1f93c2', 'lead-huaxin', safetySteps);

const docsOf = (events = safetyStory) => project(complaintsProjection, recordLog(events.map(onComplaint)));

describe('complaints projection', () => {
  it('remembers who assigned the handler: the actor who named them, kept when the handler is named again', () => {
    const [logged, acknowledged] = complaintEvents('cmp-self', 'c-1', [
      ['log', T.logged, { category: 'delivery', touchpoint: 'delivery', severity: 'low', channel: 'phone', description: 'Late', handlerId: 'svc-liu' }],
      ['acknowledge', T.acknowledged],
    ]);
    const byAdmin = project(complaintsProjection, recordLog([{ ...onComplaint(logged), actor: 'admin-1' }])).get('cmp-self');
    expect(byAdmin).toMatchObject({ handlerId: 'svc-liu', handlerAssignedBy: 'admin-1' });
    const self = project(complaintsProjection, recordLog([{ ...onComplaint(logged), actor: 'svc-liu' }])).get('cmp-self');
    expect(self).toMatchObject({ handlerId: 'svc-liu', handlerAssignedBy: 'svc-liu' });
    // Taken over on acknowledgement: assigned by whoever acknowledged.
    const taken = project(complaintsProjection, recordLog([{ ...onComplaint(logged), actor: 'admin-1' }, { ...onComplaint(acknowledged), actor: 'svc-zhou' }])).get('cmp-self');
    expect(taken).toMatchObject({ handlerId: 'svc-zhou', handlerAssignedBy: 'svc-zhou' });
  });

  it('keeps one document per complaint with response and resolution times, escalations and satisfaction', () => {
    expect(docsOf().get('cmp-7a1f93c2')).toEqual<ComplaintDoc>({
      _id: 'cmp-7a1f93c2',
      _position: 6,
      complaintId: 'cmp-7a1f93c2',
      customerId: 'lead-huaxin',
      category: 'safety',
      touchpoint: 'after_sales',
      severity: 'critical',
      channel: 'phone',
      safetyRelated: true,
      handlerId: 'svc-zhou',
      handlerAssignedBy: 'rep-wang',
      status: 'resolved',
      loggedAt: T.logged,
      loggedMonth: '2024-05',
      acknowledgedAt: T.acknowledged,
      responseMinutes: 45,
      resolvedAt: T.resolved,
      resolutionMinutes: 36 * 60,
      escalations: [
        { level: 'supervisor', at: T.escalated, trackingNumber: 'PPSC-CMP-7A1F-1', deadline: '2024-05-11T10:00:00.000Z' },
        { level: 'manager', at: T.escalatedAgain, trackingNumber: 'PPSC-CMP-7A1F-2', deadline: '2024-05-12T09:00:00.000Z' },
      ],
      deadline: '2024-05-12T09:00:00.000Z',
      deadlineMet: true,
      reopenCount: 0,
      satisfaction: {
        expectedService: 4,
        perceivedService: 3,
        gap: -1,
        likelihoodToRecommend: 6,
        wouldBuyAgain: true,
        consideredOtherBrands: true,
        wouldRaiseWithUsFirst: null,
        at: T.satisfaction,
      },
      missedDeadlines: [],
      personalDataErasedAt: null,
    });
  });

  it('records a safety deadline marked overdue once, by its tracking number', () => {
    const steps = safetySteps.filter(([kind]) => kind !== 'resolve' && kind !== 'satisfaction');
    const escalatedAt = [...steps].reverse().find(([kind]) => kind === 'escalate')![1];
    const afterDeadline = new Date(Date.parse(escalatedAt) + 25 * 3_600_000).toISOString();
    const events = complaintEvents('cmp-overdue', 'lead-huaxin', [...steps, ['overdue', afterDeadline]]);
    expect(events.at(-1)!.type).toBe('ComplaintDeadlineMissed');
    const doc = docsOf(events).get('cmp-overdue')!;
    expect(doc.missedDeadlines).toEqual([doc.escalations.at(-1)!.trackingNumber]);
    expect(doc.status).toBe('open');
  });

  it('reopening clears the resolution and counts; the next resolution is measured from the logging', () => {
    const reopened = complaintEvents('cmp-7a1f93c2', 'lead-huaxin', [...safetySteps, ['reopen', T.reopened]]);
    const open = docsOf(reopened).get('cmp-7a1f93c2')!;
    expect(open).toMatchObject({ status: 'open', resolvedAt: null, resolutionMinutes: null, deadlineMet: null, reopenCount: 1 });
    // The customer's last answer stays on file.
    expect(open.satisfaction?.perceivedService).toBe(3);

    const resolvedAgain = complaintEvents('cmp-7a1f93c2', 'lead-huaxin', [...safetySteps, ['reopen', T.reopened], ['resolve', T.resolvedAgain]]);
    expect(docsOf(resolvedAgain).get('cmp-7a1f93c2')).toMatchObject({
      status: 'resolved',
      resolvedAt: T.resolvedAgain,
      resolutionMinutes: 12 * 24 * 60 + 60,
      deadlineMet: false,
      reopenCount: 1,
    });
  });

  it('a complaint resolved after its safety deadline is marked as missing it', () => {
    const late = complaintEvents('cmp-late0001', 'cust-wu', [
      ['log', T.logged, { category: 'safety', touchpoint: 'store', severity: 'high' }],
      ['escalate', T.escalated, 'supervisor'],
      ['resolve', T.resolvedAgain],
    ]);
    expect(docsOf(late).get('cmp-late0001')).toMatchObject({ acknowledgedAt: null, responseMinutes: null, deadline: '2024-05-11T10:00:00.000Z', deadlineMet: false });
  });

  it('ignores events of a complaint that was never logged', () => {
    expect(docsOf(safetyStory.slice(1)).size).toBe(0);
  });

  it('applied twice equals applied once (redelivered events and a replayed batch change nothing)', () => {
    const log = recordLog(safetyStory.map(onComplaint));
    const once = project(complaintsProjection, log);
    expect(project(complaintsProjection, redelivered(log))).toEqual(once);
    expect(once.get('cmp-7a1f93c2')!.escalations).toHaveLength(2);
  });
});

describe('complaints projection: PersonalDataErased', () => {
  const erasedAt = '2024-07-01T09:00:00.000Z';
  const other = complaintEvents('cmp-other', 'cust-wu', [['log', T.logged]]);
  const entries = [...safetyStory, ...other].map(onComplaint);

  it("marks the erased customer's complaints, which hold no personal field, and changes nothing else", () => {
    const erasure = personalDataErased('lead-huaxin', ['customer-lead-huaxin', 'complaint-cmp-7a1f93c2'], erasedAt);
    const before = project(complaintsProjection, recordLog(entries));
    const after = project(complaintsProjection, recordLog([...entries, erasure]));
    expect(after.get('cmp-7a1f93c2')).toEqual({ ...before.get('cmp-7a1f93c2'), personalDataErasedAt: erasedAt, _position: entries.length + 1 });
    expect(after.get('cmp-other')).toEqual(before.get('cmp-other'));
    expect(project(complaintsProjection, recordLog([...readAsErased(entries, 'lead-huaxin'), erasure]))).toEqual(after);
  });
});
