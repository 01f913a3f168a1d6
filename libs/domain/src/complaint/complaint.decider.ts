import { addHours, alreadyExists, AlreadyExistsCode, Decider, Decision, DomainError, isAfter, money, notFound, NotFoundCode, ruleViolated, RuleViolatedCode } from '../shared';
import {
  ComplaintCategory,
  ComplaintErrorCode,
  ComplaintSeverity,
  ComplaintStatus,
  ComplaintTouchpoint,
  EscalationLevel,
  MAX_RECOMMEND_SCORE,
  MAX_SERVICE_SCORE,
  MIN_RECOMMEND_SCORE,
  MIN_SERVICE_SCORE,
  SAFETY_ESCALATION_DEADLINE_HOURS,
  SAFETY_TRACKING_PREFIX,
} from './complaint.constants';
import {
  AcknowledgeComplaint,
  ComplaintCommand,
  EscalateComplaint,
  LogComplaint,
  MarkComplaintOverdue,
  RecordSatisfaction,
  ReopenComplaint,
  ResolveComplaint,
} from './complaint.commands';
import { ComplaintEvent } from './complaint.events';

export interface ComplaintEscalations {
  readonly count: number;
  readonly level: EscalationLevel | null;
  /** Deadline and tracking number of the last safety escalation (PPSC). */
  readonly deadline: string | null;
  readonly trackingNumber: string | null;
}

export interface ComplaintState {
  readonly exists: boolean;
  readonly complaintId: string | null;
  readonly customerId: string | null;
  readonly status: ComplaintStatus | null;
  readonly category: ComplaintCategory | null;
  readonly touchpoint: ComplaintTouchpoint | null;
  readonly severity: ComplaintSeverity | null;
  readonly safetyRelated: boolean;
  readonly handlerId: string | null;
  readonly loggedAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly resolvedAt: string | null;
  readonly escalations: ComplaintEscalations;
  readonly satisfactionRecordedForCurrentResolution: boolean;
  /** Every PPSC tracking number issued, with its deadline. */
  readonly safetyDeadlines: Readonly<Record<string, string>>;
  /**
   * The tracking number whose deadline is still to be met: the latest safety escalation, until a
   * resolution settles it (ComplaintResolved.deadlineMet) or a later safety escalation replaces it.
   */
  readonly pendingTrackingNumber: string | null;
  /** Tracking numbers whose deadline was recorded as missed (ComplaintDeadlineMissed). */
  readonly missedDeadlines: readonly string[];
}

export const initialComplaintState: ComplaintState = {
  exists: false,
  complaintId: null,
  customerId: null,
  status: null,
  category: null,
  touchpoint: null,
  severity: null,
  safetyRelated: false,
  handlerId: null,
  loggedAt: null,
  acknowledgedAt: null,
  resolvedAt: null,
  escalations: { count: 0, level: null, deadline: null, trackingNumber: null },
  satisfactionRecordedForCurrentResolution: false,
  safetyDeadlines: {},
  pendingTrackingNumber: null,
  missedDeadlines: [],
};

/**
 * PPSC tracking number: deterministic, so a retried command yields the same one.
 * `PPSC-` + the first 8 characters of the complaint id, upper case + `-` + the escalation's number (1-based).
 */
export const safetyTrackingNumber = (complaintId: string, escalationNumber: number): string =>
  `${SAFETY_TRACKING_PREFIX}-${complaintId.slice(0, 8).toUpperCase()}-${escalationNumber}`;

/** Whole minutes between two ISO times, rounded to the nearest minute. */
export const minutesBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

// Typed wrappers so every refusal code is one of COMPLAINT_ERROR_CODES.
type Details = Record<string, unknown>;
const refuse = (code: Extract<ComplaintErrorCode, RuleViolatedCode>, message: string, details: Details = {}) => ruleViolated(code, message, details);
const duplicate = (code: Extract<ComplaintErrorCode, AlreadyExistsCode>, message: string, details: Details = {}) => alreadyExists(code, message, details);
const missing = (code: Extract<ComplaintErrorCode, NotFoundCode>, message: string, details: Details = {}) => notFound(code, message, details);

const isScore = (value: unknown, min: number, max: number): boolean =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

const notOpen = (state: ComplaintState, action: string): DomainError =>
  refuse('COMPLAINT_NOT_OPEN', `Complaint ${state.complaintId} is ${state.status}; only an open complaint can be ${action}.`, {
    complaintId: state.complaintId,
    status: state.status,
  });

const notResolved = (state: ComplaintState, action: string): DomainError =>
  refuse('COMPLAINT_NOT_RESOLVED', `Complaint ${state.complaintId} is ${state.status}; ${action} needs a resolved complaint.`, {
    complaintId: state.complaintId,
    status: state.status,
  });

const log = (command: LogComplaint, state: ComplaintState): Decision<ComplaintEvent> => {
  const data = command.data;
  if (state.exists) {
    return duplicate('COMPLAINT_ALREADY_EXISTS', `Complaint ${data.complaintId} already exists.`, {
      complaintId: data.complaintId,
    });
  }
  return [
    {
      type: 'ComplaintLogged',
      version: 1,
      data: {
        complaintId: data.complaintId,
        customerId: data.customerId,
        category: data.category,
        touchpoint: data.touchpoint,
        severity: data.severity,
        channel: data.channel,
        description: data.description,
        safetyRelated: data.category === 'safety' || data.safetyRelated === true,
        handlerId: data.handlerId,
        at: command.context.occurredAt,
      },
    },
  ];
};

const acknowledge = (command: AcknowledgeComplaint, state: ComplaintState): Decision<ComplaintEvent> => {
  if (state.status !== 'open') return notOpen(state, 'acknowledged');
  if (state.acknowledgedAt !== null) {
    return refuse('ALREADY_ACKNOWLEDGED', `Complaint ${state.complaintId} was already acknowledged.`, {
      complaintId: state.complaintId,
      acknowledgedAt: state.acknowledgedAt,
    });
  }
  return [
    {
      type: 'ComplaintAcknowledged',
      version: 1,
      data: {
        complaintId: command.data.complaintId,
        note: command.data.note,
        handlerId: command.data.handlerId,
        at: command.context.occurredAt,
      },
    },
  ];
};

const escalate = (command: EscalateComplaint, state: ComplaintState): Decision<ComplaintEvent> => {
  if (state.status !== 'open') return notOpen(state, 'escalated');
  const at = command.context.occurredAt;
  const safetyRelated = state.safetyRelated || command.data.safetyRelated === true;
  const safety = safetyRelated
    ? {
        trackingNumber: safetyTrackingNumber(command.data.complaintId, state.escalations.count + 1),
        deadline: addHours(at, SAFETY_ESCALATION_DEADLINE_HOURS),
      }
    : {};
  return [
    {
      type: 'ComplaintEscalated',
      version: 1,
      data: {
        complaintId: command.data.complaintId,
        level: command.data.level,
        reason: command.data.reason,
        safetyRelated,
        ...safety,
        at,
      },
    },
  ];
};

const resolve = (command: ResolveComplaint, state: ComplaintState): Decision<ComplaintEvent> => {
  if (state.status !== 'open') return notOpen(state, 'resolved');
  const { compensationAmount } = command.data;
  if (compensationAmount !== undefined && !(Number.isFinite(compensationAmount) && compensationAmount >= 0)) {
    return refuse('INVALID_AMOUNT', 'compensationAmount must be a number of 0 or more.', {
      field: 'compensationAmount',
      value: compensationAmount,
    });
  }
  const at = command.context.occurredAt;
  const { deadline, trackingNumber } = state.escalations;
  // A miss already on record stands, even if this resolution is back-dated to before the deadline.
  const deadlineMet =
    deadline === null ? null : !state.missedDeadlines.includes(trackingNumber!) && Date.parse(at) <= Date.parse(deadline);
  return [
    {
      type: 'ComplaintResolved',
      version: 1,
      data: {
        complaintId: command.data.complaintId,
        resolution: command.data.resolution,
        compensationAmount: compensationAmount === undefined ? undefined : money(compensationAmount),
        at,
        responseMinutes: state.acknowledgedAt === null ? null : minutesBetween(state.loggedAt!, state.acknowledgedAt),
        resolutionMinutes: minutesBetween(state.loggedAt!, at),
        deadlineMet,
      },
    },
  ];
};

const reopen = (command: ReopenComplaint, state: ComplaintState): Decision<ComplaintEvent> => {
  if (state.status !== 'resolved') return notResolved(state, 'reopening');
  return [
    {
      type: 'ComplaintReopened',
      version: 1,
      data: { complaintId: command.data.complaintId, reason: command.data.reason, at: command.context.occurredAt },
    },
  ];
};

const recordSatisfaction = (command: RecordSatisfaction, state: ComplaintState): Decision<ComplaintEvent> => {
  const data = command.data;
  if (state.status !== 'resolved') return notResolved(state, 'recording satisfaction');
  if (state.satisfactionRecordedForCurrentResolution) {
    return refuse(
      'SATISFACTION_ALREADY_RECORDED',
      `Satisfaction with the resolution of complaint ${state.complaintId} is already recorded.`,
      { complaintId: state.complaintId, resolvedAt: state.resolvedAt },
    );
  }
  const ranges = {
    expectedService: [MIN_SERVICE_SCORE, MAX_SERVICE_SCORE],
    perceivedService: [MIN_SERVICE_SCORE, MAX_SERVICE_SCORE],
    likelihoodToRecommend: [MIN_RECOMMEND_SCORE, MAX_RECOMMEND_SCORE],
  } as const;
  const invalid = (Object.keys(ranges) as (keyof typeof ranges)[]).filter(
    (field) => !isScore(data[field], ranges[field][0], ranges[field][1]),
  );
  if (invalid.length > 0) {
    return refuse(
      'INVALID_SCORE',
      `Scores must be whole numbers: service ${MIN_SERVICE_SCORE}–${MAX_SERVICE_SCORE}, recommendation ${MIN_RECOMMEND_SCORE}–${MAX_RECOMMEND_SCORE}.`,
      { invalid: Object.fromEntries(invalid.map((field) => [field, { value: data[field] ?? null, range: ranges[field] }])) },
    );
  }
  return [
    {
      type: 'SatisfactionRecorded',
      version: 1,
      data: {
        complaintId: data.complaintId,
        customerId: state.customerId!,
        expectedService: data.expectedService,
        perceivedService: data.perceivedService,
        gap: data.perceivedService - data.expectedService,
        likelihoodToRecommend: data.likelihoodToRecommend,
        wouldBuyAgain: data.wouldBuyAgain,
        consideredOtherBrands: data.consideredOtherBrands,
        wouldRaiseWithUsFirst: data.wouldRaiseWithUsFirst,
        comment: data.comment,
        at: command.context.occurredAt,
      },
    },
  ];
};

/**
 * Records that the pending safety deadline passed while the complaint was open. A scheduler may call
 * this repeatedly, so every other case is "nothing to record" ([]), not an error: the complaint is
 * resolved (its resolution says whether the deadline was met), the miss is already recorded, the
 * deadline was replaced by a later escalation or settled by an earlier resolution, or it has not
 * passed yet (by the system clock, `now`; at the deadline itself still counts as met, as in
 * deadlineMet). Only a tracking number this complaint never issued is refused: that is a wrong call,
 * not a repeated one.
 */
const markOverdue = (command: MarkComplaintOverdue, state: ComplaintState): Decision<ComplaintEvent> => {
  const { complaintId, trackingNumber } = command.data;
  const deadline = Object.hasOwn(state.safetyDeadlines, trackingNumber) ? state.safetyDeadlines[trackingNumber] : undefined;
  if (deadline === undefined) {
    return refuse('TRACKING_NUMBER_NOT_FOUND', `Complaint ${state.complaintId} has no safety escalation ${trackingNumber}.`, {
      complaintId: state.complaintId,
      trackingNumber,
    });
  }
  if (state.missedDeadlines.includes(trackingNumber)) return [];
  // Only an open complaint has a pending deadline: a resolution settles it and a reopening does not restore it.
  if (state.pendingTrackingNumber !== trackingNumber) return [];
  if (!isAfter(command.context.now, deadline)) return [];
  return [
    {
      type: 'ComplaintDeadlineMissed',
      version: 1,
      data: { complaintId, trackingNumber, deadline, at: command.context.occurredAt },
    },
  ];
};

const decide = (command: ComplaintCommand, state: ComplaintState): Decision<ComplaintEvent> => {
  if (command.type === 'LogComplaint') return log(command, state);
  if (!state.exists) {
    return missing('COMPLAINT_NOT_FOUND', `Complaint ${command.data.complaintId} does not exist.`, {
      complaintId: command.data.complaintId,
    });
  }
  // Durations are measured from the logging time; an earlier time would make them negative.
  if (Date.parse(command.context.occurredAt) < Date.parse(state.loggedAt!)) {
    return refuse('OCCURRED_BEFORE_LOGGED', `Complaint ${state.complaintId} was logged after ${command.context.occurredAt}.`, {
      complaintId: state.complaintId,
      loggedAt: state.loggedAt,
      occurredAt: command.context.occurredAt,
    });
  }
  switch (command.type) {
    case 'AcknowledgeComplaint':
      return acknowledge(command, state);
    case 'EscalateComplaint':
      return escalate(command, state);
    case 'ResolveComplaint':
      return resolve(command, state);
    case 'ReopenComplaint':
      return reopen(command, state);
    case 'RecordSatisfaction':
      return recordSatisfaction(command, state);
    case 'MarkComplaintOverdue':
      return markOverdue(command, state);
  }
};

const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  switch (event.type) {
    case 'ComplaintLogged': {
      const data = event.data;
      return {
        ...initialComplaintState,
        exists: true,
        complaintId: data.complaintId,
        customerId: data.customerId,
        status: 'open',
        category: data.category,
        touchpoint: data.touchpoint,
        severity: data.severity,
        safetyRelated: data.safetyRelated,
        handlerId: data.handlerId ?? null,
        loggedAt: data.at,
      };
    }
    case 'ComplaintAcknowledged':
      return { ...state, acknowledgedAt: event.data.at, handlerId: event.data.handlerId ?? state.handlerId };
    case 'ComplaintEscalated': {
      const { trackingNumber, deadline } = event.data;
      const safety =
        trackingNumber !== undefined && deadline !== undefined
          ? { safetyDeadlines: { ...state.safetyDeadlines, [trackingNumber]: deadline }, pendingTrackingNumber: trackingNumber }
          : {};
      return {
        ...state,
        ...safety,
        safetyRelated: state.safetyRelated || event.data.safetyRelated,
        escalations: {
          count: state.escalations.count + 1,
          level: event.data.level,
          deadline: event.data.deadline ?? state.escalations.deadline,
          trackingNumber: event.data.trackingNumber ?? state.escalations.trackingNumber,
        },
      };
    }
    case 'ComplaintResolved':
      return {
        ...state,
        status: 'resolved',
        resolvedAt: event.data.at,
        satisfactionRecordedForCurrentResolution: false,
        pendingTrackingNumber: null,
      };
    case 'ComplaintReopened':
      return { ...state, status: 'open', resolvedAt: null, satisfactionRecordedForCurrentResolution: false };
    case 'SatisfactionRecorded':
      return { ...state, satisfactionRecordedForCurrentResolution: true };
    case 'ComplaintDeadlineMissed':
      return { ...state, missedDeadlines: [...state.missedDeadlines, event.data.trackingNumber] };
    default:
      // Unknown (newer) event types leave the state as it is rather than breaking a replay.
      return state;
  }
};

export const complaintDecider: Decider<ComplaintCommand, ComplaintState, ComplaintEvent> = {
  initialState: initialComplaintState,
  decide,
  evolve,
};
