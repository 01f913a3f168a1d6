import { DomainEvent } from '../shared';
import {
  ComplaintCategory,
  ComplaintChannel,
  ComplaintSeverity,
  ComplaintTouchpoint,
  EscalationLevel,
} from './complaint.constants';

/**
 * Events of complaint handling (DOMAIN §6). All version 1. `at` is the business time of the command
 * (context.occurredAt); response and resolution times are measured between these.
 */

export type ComplaintLogged = DomainEvent<
  'ComplaintLogged',
  {
    readonly complaintId: string;
    readonly customerId: string;
    readonly category: ComplaintCategory;
    readonly touchpoint: ComplaintTouchpoint;
    readonly severity: ComplaintSeverity;
    readonly channel: ComplaintChannel;
    readonly description: string;
    /** Always true for category 'safety'; other categories may be flagged by the caller. */
    readonly safetyRelated: boolean;
    readonly handlerId?: string;
    readonly at: string;
  }
>;

export type ComplaintAcknowledged = DomainEvent<
  'ComplaintAcknowledged',
  {
    readonly complaintId: string;
    readonly note?: string;
    readonly handlerId?: string;
    readonly at: string;
  }
>;

export type ComplaintEscalated = DomainEvent<
  'ComplaintEscalated',
  {
    readonly complaintId: string;
    readonly level: EscalationLevel;
    readonly reason: string;
    readonly safetyRelated: boolean;
    /** Safety escalations only (PPSC): `PPSC-<first 8 of complaintId>-<escalation number>`. */
    readonly trackingNumber?: string;
    /** Safety escalations only: at + 24 hours. */
    readonly deadline?: string;
    readonly at: string;
  }
>;

export type ComplaintResolved = DomainEvent<
  'ComplaintResolved',
  {
    readonly complaintId: string;
    readonly resolution: string;
    readonly compensationAmount?: number;
    readonly at: string;
    /** Minutes from logged to acknowledged; null when it was never acknowledged. */
    readonly responseMinutes: number | null;
    /** Minutes from logged to this resolution. */
    readonly resolutionMinutes: number;
    /** For complaints with a safety deadline: resolved by it? Otherwise null. */
    readonly deadlineMet: boolean | null;
  }
>;

export type ComplaintReopened = DomainEvent<
  'ComplaintReopened',
  {
    readonly complaintId: string;
    readonly reason: string;
    readonly at: string;
  }
>;

export type SatisfactionRecorded = DomainEvent<
  'SatisfactionRecorded',
  {
    readonly complaintId: string;
    readonly customerId: string;
    /** 1–5: what the customer expected. */
    readonly expectedService: number;
    /** 1–5: what the customer feels they got. */
    readonly perceivedService: number;
    /** perceived − expected: below 0 means the expectation was not met. */
    readonly gap: number;
    /** 0–10. */
    readonly likelihoodToRecommend: number;
    /** Loyalty questions of seed 003. */
    readonly wouldBuyAgain: boolean;
    readonly consideredOtherBrands?: boolean;
    readonly wouldRaiseWithUsFirst?: boolean;
    readonly comment?: string;
    readonly at: string;
  }
>;

/** A safety escalation's deadline passed (by the system clock) while the complaint was still open. */
export type ComplaintDeadlineMissed = DomainEvent<
  'ComplaintDeadlineMissed',
  {
    readonly complaintId: string;
    readonly trackingNumber: string;
    readonly deadline: string;
    readonly at: string;
  }
>;

export type ComplaintEvent =
  | ComplaintLogged
  | ComplaintAcknowledged
  | ComplaintEscalated
  | ComplaintResolved
  | ComplaintReopened
  | SatisfactionRecorded
  | ComplaintDeadlineMissed;

export type ComplaintEventType = ComplaintEvent['type'];

export const COMPLAINT_EVENT_TYPES: readonly ComplaintEventType[] = [
  'ComplaintLogged',
  'ComplaintAcknowledged',
  'ComplaintEscalated',
  'ComplaintResolved',
  'ComplaintReopened',
  'SatisfactionRecorded',
  'ComplaintDeadlineMissed',
];
