import { DomainError, DomainErrorKind, fold } from '../shared';
import { decideGiven } from '../shared/given-when-then';
import { ComplaintCommand } from './complaint.commands';
import { COMPLAINT_ERROR_CODES, ComplaintErrorCode } from './complaint.constants';
import { complaintDecider, minutesBetween, safetyTrackingNumber } from './complaint.decider';
import {
  ComplaintAcknowledged,
  ComplaintDeadlineMissed,
  ComplaintEscalated,
  ComplaintEvent,
  ComplaintLogged,
  ComplaintReopened,
  ComplaintResolved,
  SatisfactionRecorded,
} from './complaint.events';

const COMPLAINT_ID = 'abcdef12-3456-7890-abcd-ef1234567890';
const LOGGED_AT = '2024-05-10T08:00:00.000Z';
const ACKED_AT = '2024-05-10T08:45:00.000Z';
const ESCALATED_AT = '2024-05-10T09:00:00.000Z';
const DEADLINE = '2024-05-11T09:00:00.000Z';
const LATER = '2024-05-11T08:30:00.000Z';

type CommandOf<T extends ComplaintCommand['type']> = Extract<ComplaintCommand, { type: T }>;

/** A command for COMPLAINT_ID at the given business time. */
const when = <T extends ComplaintCommand['type']>(
  type: T,
  data: Omit<CommandOf<T>['data'], 'complaintId'>,
  occurredAt = LATER,
): CommandOf<T> =>
  ({ type, data: { complaintId: COMPLAINT_ID, ...data }, context: { occurredAt, now: occurredAt, actor: 'agent-3' } }) as unknown as CommandOf<T>;

const decide = (given: readonly ComplaintEvent[], command: ComplaintCommand) => decideGiven(complaintDecider, given, command);

// ---------------------------------------------------------------- given events

const logged = (data: Partial<ComplaintLogged['data']> = {}): ComplaintLogged => ({
  type: 'ComplaintLogged',
  version: 1,
  data: {
    complaintId: COMPLAINT_ID,
    customerId: 'cust-1',
    category: 'delivery',
    touchpoint: 'delivery',
    severity: 'medium',
    channel: 'phone',
    description: 'Arrived a week late',
    safetyRelated: false,
    at: LOGGED_AT,
    ...data,
  },
});

const safetyLogged = logged({ category: 'safety', severity: 'critical', description: 'Seat belt anchor came loose', safetyRelated: true });

const acknowledged: ComplaintAcknowledged = { type: 'ComplaintAcknowledged', version: 1, data: { complaintId: COMPLAINT_ID, at: ACKED_AT } };

const safetyEscalated = (sequence = 1, at = ESCALATED_AT, deadline = DEADLINE): ComplaintEscalated => ({
  type: 'ComplaintEscalated',
  version: 1,
  data: {
    complaintId: COMPLAINT_ID,
    level: 'manager',
    reason: 'PPSC',
    safetyRelated: true,
    trackingNumber: `PPSC-ABCDEF12-${sequence}`,
    deadline,
    at,
  },
});

const plainEscalated = (at = ESCALATED_AT): ComplaintEscalated => ({
  type: 'ComplaintEscalated',
  version: 1,
  data: { complaintId: COMPLAINT_ID, level: 'executive', reason: 'customer angry', safetyRelated: false, at },
});

const resolved = (at = LATER): ComplaintResolved => ({
  type: 'ComplaintResolved',
  version: 1,
  data: { complaintId: COMPLAINT_ID, resolution: 'Replaced', at, responseMinutes: null, resolutionMinutes: minutesBetween(LOGGED_AT, at), deadlineMet: null },
});

const reopened: ComplaintReopened = { type: 'ComplaintReopened', version: 1, data: { complaintId: COMPLAINT_ID, reason: 'It broke again', at: LATER } };

const satisfied: SatisfactionRecorded = {
  type: 'SatisfactionRecorded',
  version: 1,
  data: {
    complaintId: COMPLAINT_ID,
    customerId: 'cust-1',
    expectedService: 4,
    perceivedService: 4,
    gap: 0,
    likelihoodToRecommend: 8,
    wouldBuyAgain: true,
    at: LATER,
  },
};

const TRACKING = 'PPSC-ABCDEF12-1';
const AFTER_DEADLINE = '2024-05-11T09:00:01.000Z';

/** The scheduler's call: `now` is the system clock the deadline is checked against. */
const markOverdue = (now: string, trackingNumber = TRACKING, occurredAt = now): CommandOf<'MarkComplaintOverdue'> => ({
  type: 'MarkComplaintOverdue',
  data: { complaintId: COMPLAINT_ID, trackingNumber },
  context: { occurredAt, now, actor: 'scheduler' },
});

const deadlineMissed = (at = AFTER_DEADLINE, trackingNumber = TRACKING, deadline = DEADLINE): ComplaintDeadlineMissed => ({
  type: 'ComplaintDeadlineMissed',
  version: 1,
  data: { complaintId: COMPLAINT_ID, trackingNumber, deadline, at },
});

const survey = when('RecordSatisfaction', { expectedService: 4, perceivedService: 2, likelihoodToRecommend: 3, wouldBuyAgain: false });

// ---------------------------------------------------------------- happy paths

describe('complaint decider', () => {
  describe('LogComplaint', () => {
    const logCommand = (category: CommandOf<'LogComplaint'>['data']['category'], safetyRelated?: boolean) =>
      when(
        'LogComplaint',
        { customerId: 'cust-1', category, touchpoint: 'after_sales', severity: 'high', channel: 'email', description: 'Broken', safetyRelated, handlerId: 'agent-3' },
        LOGGED_AT,
      );

    it('logs a complaint with its category, touchpoint, severity and channel', () => {
      expect(decide([], logCommand('product_quality'))).toEqual([
        {
          type: 'ComplaintLogged',
          version: 1,
          data: {
            complaintId: COMPLAINT_ID,
            customerId: 'cust-1',
            category: 'product_quality',
            touchpoint: 'after_sales',
            severity: 'high',
            channel: 'email',
            description: 'Broken',
            safetyRelated: false,
            handlerId: 'agent-3',
            at: LOGGED_AT,
          },
        },
      ]);
    });

    it('marks every safety complaint as safety-related', () => {
      expect(decide([], logCommand('safety', false))).toMatchObject([{ data: { safetyRelated: true } }]);
    });

    it('lets the caller flag another category as a safety concern', () => {
      expect(decide([], logCommand('product_quality', true))).toMatchObject([{ data: { safetyRelated: true } }]);
    });
  });

  describe('AcknowledgeComplaint', () => {
    it('acknowledges an open complaint and may assign a handler', () => {
      const events = decide([logged()], when('AcknowledgeComplaint', { note: 'We are on it', handlerId: 'agent-9' }, ACKED_AT)) as ComplaintEvent[];
      expect(events).toEqual([
        { type: 'ComplaintAcknowledged', version: 1, data: { complaintId: COMPLAINT_ID, note: 'We are on it', handlerId: 'agent-9', at: ACKED_AT } },
      ]);
      expect(fold(complaintDecider, [logged(), ...events])).toMatchObject({ acknowledgedAt: ACKED_AT, handlerId: 'agent-9' });
    });
  });

  describe('EscalateComplaint', () => {
    it('escalates a non-safety complaint without tracking number or deadline', () => {
      expect(decide([logged()], when('EscalateComplaint', { level: 'supervisor', reason: 'customer angry' }, ESCALATED_AT))).toEqual([
        {
          type: 'ComplaintEscalated',
          version: 1,
          data: { complaintId: COMPLAINT_ID, level: 'supervisor', reason: 'customer angry', safetyRelated: false, at: ESCALATED_AT },
        },
      ]);
    });

    it('gives a safety complaint a PPSC tracking number and a 24-hour deadline', () => {
      expect(decide([safetyLogged], when('EscalateComplaint', { level: 'manager', reason: 'PPSC' }, ESCALATED_AT))).toEqual([safetyEscalated()]);
    });

    it('numbers each escalation of a safety complaint', () => {
      const second = decide([safetyLogged, safetyEscalated()], when('EscalateComplaint', { level: 'executive', reason: 'no fix yet' }, LATER));
      expect(second).toMatchObject([{ data: { trackingNumber: 'PPSC-ABCDEF12-2', deadline: '2024-05-12T08:30:00.000Z' } }]);
    });

    it('treats a complaint flagged as a safety concern on escalation as safety-related from then on', () => {
      const events = decide([logged()], when('EscalateComplaint', { level: 'manager', reason: 'fire risk', safetyRelated: true }, ESCALATED_AT)) as ComplaintEvent[];
      expect(events).toMatchObject([{ data: { safetyRelated: true, trackingNumber: 'PPSC-ABCDEF12-1', deadline: DEADLINE } }]);
      expect(fold(complaintDecider, [logged(), ...events])).toMatchObject({
        safetyRelated: true,
        escalations: { count: 1, level: 'manager', deadline: DEADLINE, trackingNumber: 'PPSC-ABCDEF12-1' },
      });
    });

    it('builds tracking numbers deterministically from the complaint id', () => {
      expect(safetyTrackingNumber('0f3e9a7b-ffff', 3)).toBe('PPSC-0F3E9A7B-3');
    });
  });

  describe('ResolveComplaint', () => {
    it('measures response and resolution minutes, and whether the safety deadline was met', () => {
      const resolve = when('ResolveComplaint', { resolution: 'Anchor replaced, fleet inspected', compensationAmount: 199.999 }, LATER);
      expect(decide([safetyLogged, acknowledged, safetyEscalated()], resolve)).toEqual([
        {
          type: 'ComplaintResolved',
          version: 1,
          data: {
            complaintId: COMPLAINT_ID,
            resolution: 'Anchor replaced, fleet inspected',
            compensationAmount: 200,
            at: LATER,
            responseMinutes: 45,
            resolutionMinutes: 1470,
            deadlineMet: true,
          },
        },
      ]);
    });

    it('counts resolving exactly at the deadline as met, and after it as missed', () => {
      const given = [safetyLogged, safetyEscalated()];
      expect(decide(given, when('ResolveComplaint', { resolution: 'done' }, DEADLINE))).toMatchObject([{ data: { deadlineMet: true } }]);
      expect(decide(given, when('ResolveComplaint', { resolution: 'done' }, '2024-05-11T09:00:01.000Z'))).toMatchObject([{ data: { deadlineMet: false } }]);
    });

    it('has no response time when never acknowledged and no deadline when not a safety escalation', () => {
      const given = [logged(), plainEscalated()];
      expect(decide(given, when('ResolveComplaint', { resolution: 'Redelivered' }, '2024-05-10T10:00:00.000Z'))).toMatchObject([
        { data: { responseMinutes: null, resolutionMinutes: 120, deadlineMet: null } },
      ]);
    });

    it('can resolve a reopened complaint again', () => {
      expect(decide([logged(), resolved(), reopened], when('ResolveComplaint', { resolution: 'Second fix' }))).toMatchObject([{ type: 'ComplaintResolved' }]);
    });
  });

  describe('ReopenComplaint', () => {
    it('reopens a resolved complaint', () => {
      const events = decide([logged(), resolved()], when('ReopenComplaint', { reason: 'It broke again' })) as ComplaintEvent[];
      expect(events).toEqual([reopened]);
      expect(fold(complaintDecider, [logged(), resolved(), ...events])).toMatchObject({ status: 'open', resolvedAt: null });
    });
  });

  describe('RecordSatisfaction', () => {
    it('records the expectation gap and the loyalty answers', () => {
      const command = when('RecordSatisfaction', {
        expectedService: 4,
        perceivedService: 2,
        likelihoodToRecommend: 3,
        wouldBuyAgain: false,
        consideredOtherBrands: true,
        wouldRaiseWithUsFirst: true,
        comment: 'Slow',
      });
      expect(decide([logged(), resolved()], command)).toEqual([
        {
          type: 'SatisfactionRecorded',
          version: 1,
          data: {
            complaintId: COMPLAINT_ID,
            customerId: 'cust-1',
            expectedService: 4,
            perceivedService: 2,
            gap: -2,
            likelihoodToRecommend: 3,
            wouldBuyAgain: false,
            consideredOtherBrands: true,
            wouldRaiseWithUsFirst: true,
            comment: 'Slow',
            at: LATER,
          },
        },
      ]);
    });

    it('accepts the edges of the scales', () => {
      const edges = when('RecordSatisfaction', { expectedService: 1, perceivedService: 5, likelihoodToRecommend: 0, wouldBuyAgain: true });
      expect(decide([logged(), resolved()], edges)).toMatchObject([{ data: { gap: 4, likelihoodToRecommend: 0 } }]);
    });

    it('can be recorded again after a reopen and a new resolution', () => {
      expect(decide([logged(), resolved(), satisfied, reopened, resolved()], survey)).toMatchObject([{ type: 'SatisfactionRecorded' }]);
    });
  });

  describe('MarkComplaintOverdue', () => {
    const open = [safetyLogged, acknowledged, safetyEscalated()];

    it('records the missed deadline once the system clock is past it while the complaint is open', () => {
      expect(decide(open, markOverdue(AFTER_DEADLINE))).toEqual([deadlineMissed()]);
    });

    it('stamps the event with the business time and checks the deadline against `now`', () => {
      expect(decide(open, markOverdue('2024-05-12T00:00:00.000Z', TRACKING, LATER))).toEqual([deadlineMissed(LATER)]);
      expect(decide(open, markOverdue(LATER, TRACKING, '2024-05-12T00:00:00.000Z'))).toEqual([]);
    });

    it('records nothing before the deadline, or exactly at it (resolving then still meets it)', () => {
      expect(decide(open, markOverdue(LATER))).toEqual([]);
      expect(decide(open, markOverdue(DEADLINE))).toEqual([]);
    });

    it('records a miss only once: asked again, it records nothing', () => {
      expect(decide([...open, deadlineMissed()], markOverdue('2024-05-12T09:00:00.000Z'))).toEqual([]);
    });

    it('records nothing for a complaint resolved in time or late', () => {
      expect(decide([...open, resolved(LATER)], markOverdue(AFTER_DEADLINE))).toEqual([]);
      expect(decide([...open, resolved('2024-05-11T10:00:00.000Z')], markOverdue('2024-05-11T11:00:00.000Z'))).toEqual([]);
    });

    it('records nothing for a deadline already settled by a resolution, even after a reopen', () => {
      expect(decide([...open, resolved(LATER), reopened], markOverdue(AFTER_DEADLINE))).toEqual([]);
    });

    it('follows the latest safety escalation: an earlier deadline it replaced is not missed, the new one can be', () => {
      const reEscalated = [...open, safetyEscalated(2, LATER, '2024-05-12T08:30:00.000Z')];
      expect(decide(reEscalated, markOverdue(AFTER_DEADLINE))).toEqual([]);
      expect(decide(reEscalated, markOverdue('2024-05-12T08:30:01.000Z', 'PPSC-ABCDEF12-2'))).toEqual([
        deadlineMissed('2024-05-12T08:30:01.000Z', 'PPSC-ABCDEF12-2', '2024-05-12T08:30:00.000Z'),
      ]);
    });

    it('keeps the deadline pending through a later non-safety escalation', () => {
      expect(decide([...open, plainEscalated(LATER)], markOverdue(AFTER_DEADLINE))).toEqual([deadlineMissed()]);
    });

    it('keeps missed tracking numbers in state, and a resolution after a recorded miss never counts as met', () => {
      const given = [...open, deadlineMissed()];
      expect(fold(complaintDecider, given)).toMatchObject({
        missedDeadlines: [TRACKING],
        pendingTrackingNumber: TRACKING,
        safetyDeadlines: { [TRACKING]: DEADLINE },
      });
      // Back-dated to before the deadline, yet the recorded miss stands.
      expect(decide(given, when('ResolveComplaint', { resolution: 'fixed' }, LATER))).toMatchObject([{ data: { deadlineMet: false } }]);
    });
  });

  // ---------------------------------------------------------------- evolve

  describe('state', () => {
    it('follows a complaint through its life', () => {
      const afterLog = fold(complaintDecider, [safetyLogged]);
      expect(afterLog).toEqual({
        exists: true,
        complaintId: COMPLAINT_ID,
        customerId: 'cust-1',
        status: 'open',
        category: 'safety',
        touchpoint: 'delivery',
        severity: 'critical',
        safetyRelated: true,
        handlerId: null,
        loggedAt: LOGGED_AT,
        acknowledgedAt: null,
        resolvedAt: null,
        escalations: { count: 0, level: null, deadline: null, trackingNumber: null },
        satisfactionRecordedForCurrentResolution: false,
        safetyDeadlines: {},
        pendingTrackingNumber: null,
        missedDeadlines: [],
      });
      const afterSurvey = fold(complaintDecider, [acknowledged, safetyEscalated(), resolved(), satisfied], afterLog);
      expect(afterSurvey).toMatchObject({
        status: 'resolved',
        acknowledgedAt: ACKED_AT,
        resolvedAt: LATER,
        escalations: { count: 1, level: 'manager', deadline: DEADLINE, trackingNumber: 'PPSC-ABCDEF12-1' },
        satisfactionRecordedForCurrentResolution: true,
        safetyDeadlines: { 'PPSC-ABCDEF12-1': DEADLINE },
        pendingTrackingNumber: null,
      });
      expect(fold(complaintDecider, [reopened], afterSurvey)).toMatchObject({
        status: 'open',
        resolvedAt: null,
        satisfactionRecordedForCurrentResolution: false,
      });
    });

    it('keeps the last safety deadline when a later escalation sets none', () => {
      expect(fold(complaintDecider, [logged(), safetyEscalated(), plainEscalated(LATER)]).escalations).toEqual({
        count: 2,
        level: 'executive',
        deadline: DEADLINE,
        trackingNumber: 'PPSC-ABCDEF12-1',
      });
    });

    it('ignores event types it does not know', () => {
      const before = fold(complaintDecider, [logged()]);
      expect(complaintDecider.evolve(before, { type: 'SomethingNew', version: 1, data: {} } as unknown as ComplaintEvent)).toBe(before);
    });
  });

  // ---------------------------------------------------------------- refusals

  interface Refusal {
    readonly code: ComplaintErrorCode;
    readonly why: string;
    readonly given: readonly ComplaintEvent[];
    readonly command: ComplaintCommand;
    readonly kind?: DomainErrorKind;
    readonly details?: Record<string, unknown>;
  }

  const refusals: Refusal[] = [
    {
      code: 'COMPLAINT_ALREADY_EXISTS',
      why: 'logging the same complaint twice',
      given: [logged()],
      command: when('LogComplaint', { customerId: 'cust-1', category: 'billing', touchpoint: 'billing', severity: 'low', channel: 'web', description: 'x' }),
      kind: 'already_exists',
      details: { complaintId: COMPLAINT_ID },
    },
    { code: 'COMPLAINT_NOT_FOUND', why: 'acknowledging a complaint never logged', given: [], command: when('AcknowledgeComplaint', {}), kind: 'not_found', details: { complaintId: COMPLAINT_ID } },
    { code: 'COMPLAINT_NOT_FOUND', why: 'recording satisfaction for a complaint never logged', given: [], command: survey, kind: 'not_found' },
    {
      code: 'OCCURRED_BEFORE_LOGGED',
      why: 'resolving before the complaint was logged',
      given: [logged()],
      command: when('ResolveComplaint', { resolution: 'x' }, '2024-05-10T07:59:00.000Z'),
      details: { loggedAt: LOGGED_AT, occurredAt: '2024-05-10T07:59:00.000Z' },
    },
    { code: 'COMPLAINT_NOT_OPEN', why: 'acknowledging a resolved complaint', given: [logged(), resolved()], command: when('AcknowledgeComplaint', {}), details: { status: 'resolved' } },
    { code: 'COMPLAINT_NOT_OPEN', why: 'escalating a resolved complaint', given: [safetyLogged, resolved()], command: when('EscalateComplaint', { level: 'executive', reason: 'x' }), details: { status: 'resolved' } },
    { code: 'COMPLAINT_NOT_OPEN', why: 'resolving twice', given: [logged(), resolved()], command: when('ResolveComplaint', { resolution: 'x' }), details: { status: 'resolved' } },
    { code: 'ALREADY_ACKNOWLEDGED', why: 'acknowledging twice', given: [logged(), acknowledged], command: when('AcknowledgeComplaint', {}), details: { acknowledgedAt: ACKED_AT } },
    { code: 'ALREADY_ACKNOWLEDGED', why: 'acknowledging again after a reopen', given: [logged(), acknowledged, resolved(), reopened], command: when('AcknowledgeComplaint', {}) },
    {
      code: 'INVALID_AMOUNT',
      why: 'a negative compensation',
      given: [logged()],
      command: when('ResolveComplaint', { resolution: 'x', compensationAmount: -10 }),
      details: { field: 'compensationAmount', value: -10 },
    },
    { code: 'COMPLAINT_NOT_RESOLVED', why: 'reopening an open complaint', given: [logged()], command: when('ReopenComplaint', { reason: 'x' }), details: { status: 'open' } },
    { code: 'COMPLAINT_NOT_RESOLVED', why: 'surveying before resolution', given: [logged()], command: survey, details: { status: 'open' } },
    { code: 'COMPLAINT_NOT_RESOLVED', why: 'surveying a reopened complaint', given: [logged(), resolved(), reopened], command: survey },
    {
      code: 'SATISFACTION_ALREADY_RECORDED',
      why: 'surveying the same resolution twice',
      given: [logged(), resolved(), satisfied],
      command: survey,
      details: { resolvedAt: LATER },
    },
    {
      code: 'INVALID_SCORE',
      why: 'service scores outside 1–5',
      given: [logged(), resolved()],
      command: when('RecordSatisfaction', { expectedService: 0, perceivedService: 6, likelihoodToRecommend: 5, wouldBuyAgain: true }),
      details: { invalid: { expectedService: { value: 0 }, perceivedService: { value: 6 } } },
    },
    {
      code: 'INVALID_SCORE',
      why: 'a recommendation score above 10 or a fractional one',
      given: [logged(), resolved()],
      command: when('RecordSatisfaction', { expectedService: 3.5, perceivedService: 3, likelihoodToRecommend: 11, wouldBuyAgain: true }),
      details: { invalid: { expectedService: { value: 3.5 }, likelihoodToRecommend: { value: 11, range: [0, 10] } } },
    },
    { code: 'COMPLAINT_NOT_FOUND', why: 'marking a complaint never logged overdue', given: [], command: markOverdue(AFTER_DEADLINE), kind: 'not_found' },
    {
      code: 'TRACKING_NUMBER_NOT_FOUND',
      why: 'marking overdue a tracking number the complaint never issued',
      given: [safetyLogged, safetyEscalated()],
      command: markOverdue(AFTER_DEADLINE, 'PPSC-ABCDEF12-7'),
      details: { complaintId: COMPLAINT_ID, trackingNumber: 'PPSC-ABCDEF12-7' },
    },
    {
      code: 'TRACKING_NUMBER_NOT_FOUND',
      why: 'marking overdue a complaint with no safety escalation, even once resolved',
      given: [logged(), plainEscalated(), resolved()],
      command: markOverdue(AFTER_DEADLINE),
    },
    { code: 'TRACKING_NUMBER_NOT_FOUND', why: 'a tracking number that is an Object key', given: [safetyLogged, safetyEscalated()], command: markOverdue(AFTER_DEADLINE, 'constructor') },
  ];

  describe('refusals', () => {
    it.each(refusals)('$code when $why', ({ code, given, command, kind = 'rule_violated', details = {} }) => {
      const decision = decide(given, command);
      expect(decision).toBeInstanceOf(DomainError);
      expect(decision).toMatchObject({ code, kind, details });
      expect((decision as DomainError).message).not.toBe('');
    });

    it('covers every refusal code the decider declares', () => {
      expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(COMPLAINT_ERROR_CODES));
    });
  });
});
