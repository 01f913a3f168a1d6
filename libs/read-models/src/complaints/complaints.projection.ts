import {
  COMPLAINT_EVENT_TYPES,
  ComplaintCategory,
  ComplaintChannel,
  ComplaintEvent,
  ComplaintSeverity,
  ComplaintStatus,
  ComplaintTouchpoint,
  EscalationLevel,
  minutesBetween,
} from '@app/domain/complaint';
import { RecordedEvent } from '@app/domain/shared';
import { Projection, ReadModelDoc } from '@app/projection-engine';
import { PERSONAL_DATA_ERASED, erasedRecordIds, erasureOf } from '../shared/personal-data-erasure';
import { RecordedOf, narrow } from '../shared/read-model.helpers';
import { monthOf } from '../shared/statistics';

export interface EscalationEntry {
  readonly level: EscalationLevel;
  readonly at: string;
  /** Safety (PPSC) escalations only; null otherwise. */
  readonly trackingNumber: string | null;
  readonly deadline: string | null;
}

/** The customer's latest answer to the satisfaction and loyalty questions (DOMAIN §6). */
export interface SatisfactionAnswer {
  readonly expectedService: number;
  readonly perceivedService: number;
  /** perceived − expected: below 0 means the expectation was not met. */
  readonly gap: number;
  readonly likelihoodToRecommend: number;
  readonly wouldBuyAgain: boolean;
  readonly consideredOtherBrands: boolean | null;
  readonly wouldRaiseWithUsFirst: boolean | null;
  readonly at: string;
}

/** One complaint and how it was handled: what managers ask of complaints (DOMAIN §6). */
export interface ComplaintDoc extends ReadModelDoc {
  readonly complaintId: string;
  readonly customerId: string;
  readonly category: ComplaintCategory;
  readonly touchpoint: ComplaintTouchpoint;
  readonly severity: ComplaintSeverity;
  readonly channel: ComplaintChannel;
  readonly safetyRelated: boolean;
  readonly handlerId: string | null;
  /**
   * Who made the current handler the handler (the actor of the command that named them). A handler
   * who named themselves gains nothing by it: only an assignment by someone else opens the customer's
   * contacts to them.
   */
  readonly handlerAssignedBy: string | null;
  readonly status: ComplaintStatus;
  readonly loggedAt: string;
  /** `YYYY-MM` (UTC) of loggedAt. */
  readonly loggedMonth: string;
  readonly acknowledgedAt: string | null;
  /** Minutes from logged to acknowledged. */
  readonly responseMinutes: number | null;
  /** The current resolution; null while open (also after a reopening). */
  readonly resolvedAt: string | null;
  readonly resolutionMinutes: number | null;
  readonly escalations: readonly EscalationEntry[];
  /** The latest safety deadline; null when none was set. */
  readonly deadline: string | null;
  /** Resolved by the deadline? As decided at the current resolution; null while open or without a deadline. */
  readonly deadlineMet: boolean | null;
  readonly reopenCount: number;
  /** The latest answer (kept after a reopening: it is what the customer last said). */
  readonly satisfaction: SatisfactionAnswer | null;
  /** Tracking numbers of safety escalations marked overdue (not resolved within 24 hours). */
  readonly missedDeadlines: readonly string[];
  /**
   * When the complaining customer's personal data was erased. The document holds none (the
   * description and comments stay in the log, where they read "[erased]" from then on); it says so.
   */
  readonly personalDataErasedAt: string | null;
}

type Recorded = RecordedOf<ComplaintEvent>;
type Of<T extends Recorded['type']> = Extract<Recorded, { type: T }>;

const logged = (event: Of<'ComplaintLogged'>, id: string): ComplaintDoc => {
  const d = event.data;
  return {
    _id: id,
    _position: event.position,
    complaintId: d.complaintId,
    customerId: d.customerId,
    category: d.category,
    touchpoint: d.touchpoint,
    severity: d.severity,
    channel: d.channel,
    safetyRelated: d.safetyRelated,
    handlerId: d.handlerId ?? null,
    handlerAssignedBy: d.handlerId ? event.metadata.actor : null,
    status: 'open',
    loggedAt: d.at,
    loggedMonth: monthOf(d.at),
    acknowledgedAt: null,
    responseMinutes: null,
    resolvedAt: null,
    resolutionMinutes: null,
    escalations: [],
    deadline: null,
    deadlineMet: null,
    reopenCount: 0,
    satisfaction: null,
    missedDeadlines: [],
    personalDataErasedAt: null,
  };
};

const applyEvent = (doc: ComplaintDoc, event: Recorded): ComplaintDoc => {
  switch (event.type) {
    case 'ComplaintAcknowledged': {
      const { at, handlerId } = event.data;
      // Measured as the decider measures it at resolution, so both agree.
      // Naming the handler already assigned changes nobody's assignment.
      const handler = handlerId && handlerId !== doc.handlerId ? { handlerId, handlerAssignedBy: event.metadata.actor } : {};
      return { ...doc, acknowledgedAt: at, responseMinutes: minutesBetween(doc.loggedAt, at), ...handler };
    }
    case 'ComplaintEscalated': {
      const { level, at, trackingNumber, deadline, safetyRelated } = event.data;
      return {
        ...doc,
        safetyRelated: doc.safetyRelated || safetyRelated,
        escalations: [...doc.escalations, { level, at, trackingNumber: trackingNumber ?? null, deadline: deadline ?? null }],
        deadline: deadline ?? doc.deadline,
      };
    }
    case 'ComplaintResolved': {
      const { at, resolutionMinutes, deadlineMet } = event.data;
      return { ...doc, status: 'resolved', resolvedAt: at, resolutionMinutes, deadlineMet };
    }
    case 'ComplaintReopened':
      return { ...doc, status: 'open', resolvedAt: null, resolutionMinutes: null, deadlineMet: null, reopenCount: doc.reopenCount + 1 };
    case 'SatisfactionRecorded': {
      const d = event.data;
      return {
        ...doc,
        satisfaction: {
          expectedService: d.expectedService,
          perceivedService: d.perceivedService,
          gap: d.gap,
          likelihoodToRecommend: d.likelihoodToRecommend,
          wouldBuyAgain: d.wouldBuyAgain,
          consideredOtherBrands: d.consideredOtherBrands ?? null,
          wouldRaiseWithUsFirst: d.wouldRaiseWithUsFirst ?? null,
          at: d.at,
        },
      };
    }
    case 'ComplaintDeadlineMissed':
      return doc.missedDeadlines.includes(event.data.trackingNumber) ? doc : { ...doc, missedDeadlines: [...doc.missedDeadlines, event.data.trackingNumber] };
    default:
      return doc;
  }
};

const evolve = (doc: ComplaintDoc | null, recorded: RecordedEvent, id: string): ComplaintDoc | null => {
  if (recorded.type === PERSONAL_DATA_ERASED) return doc && { ...doc, personalDataErasedAt: erasureOf(recorded).erasedAt };
  const event = narrow<ComplaintEvent>(recorded);
  if (event.type === 'ComplaintLogged') return logged(event, id);
  // Events of a complaint never logged cannot come from the decider: nothing to show.
  return doc && applyEvent(doc, event);
};

export const complaintsProjection: Projection<ComplaintDoc> = {
  name: 'complaints',
  // 3: erasure of the customer's personal data; 4: who assigned the handler.
  version: 4,
  indexes: [
    { fields: [{ field: 'customerId' }, { field: 'loggedAt' }] },
    { fields: [{ field: 'category' }, { field: 'loggedAt' }] },
    { fields: [{ field: 'touchpoint' }, { field: 'loggedAt' }] },
    { fields: [{ field: 'severity' }, { field: 'loggedAt' }] },
    { fields: [{ field: 'status' }, { field: 'deadline' }] },
    { fields: [{ field: 'loggedAt' }] },
    { fields: [{ field: 'loggedMonth' }] },
  ],
  eventTypes: [...COMPLAINT_EVENT_TYPES, PERSONAL_DATA_ERASED],
  keys: (event) => (event.type === PERSONAL_DATA_ERASED ? erasedRecordIds(event, 'complaint') : [(event.data as { complaintId: string }).complaintId]),
  evolve,
};
