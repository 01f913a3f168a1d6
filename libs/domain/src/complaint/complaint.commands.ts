import { Command } from '../shared';
import {
  ComplaintCategory,
  ComplaintChannel,
  ComplaintSeverity,
  ComplaintTouchpoint,
  EscalationLevel,
} from './complaint.constants';

interface ComplaintCommandData {
  readonly complaintId: string;
}

export type LogComplaint = Command<
  'LogComplaint',
  ComplaintCommandData & {
    readonly customerId: string;
    readonly category: ComplaintCategory;
    readonly touchpoint: ComplaintTouchpoint;
    readonly severity: ComplaintSeverity;
    readonly channel: ComplaintChannel;
    readonly description: string;
    /** Marks a non-'safety' category (e.g. a product defect) as a potential safety concern. */
    readonly safetyRelated?: boolean;
    readonly handlerId?: string;
  }
>;

export type AcknowledgeComplaint = Command<
  'AcknowledgeComplaint',
  ComplaintCommandData & {
    readonly note?: string;
    readonly handlerId?: string;
  }
>;

export type EscalateComplaint = Command<
  'EscalateComplaint',
  ComplaintCommandData & {
    readonly level: EscalationLevel;
    readonly reason: string;
    /** A safety concern identified on escalation; once safety-related, a complaint stays so. */
    readonly safetyRelated?: boolean;
  }
>;

export type ResolveComplaint = Command<
  'ResolveComplaint',
  ComplaintCommandData & {
    readonly resolution: string;
    readonly compensationAmount?: number;
  }
>;

export type ReopenComplaint = Command<
  'ReopenComplaint',
  ComplaintCommandData & {
    readonly reason: string;
  }
>;

export type RecordSatisfaction = Command<
  'RecordSatisfaction',
  ComplaintCommandData & {
    readonly expectedService: number;
    readonly perceivedService: number;
    readonly likelihoodToRecommend: number;
    readonly wouldBuyAgain: boolean;
    readonly consideredOtherBrands?: boolean;
    readonly wouldRaiseWithUsFirst?: boolean;
    readonly comment?: string;
  }
>;

/**
 * Sent by a scheduler once a safety (PPSC) deadline may have passed, as often as it likes: it records
 * the miss at most once, and only while the complaint is still open past that deadline.
 */
export type MarkComplaintOverdue = Command<
  'MarkComplaintOverdue',
  ComplaintCommandData & {
    readonly trackingNumber: string;
  }
>;

export type ComplaintCommand =
  | LogComplaint
  | AcknowledgeComplaint
  | EscalateComplaint
  | ResolveComplaint
  | ReopenComplaint
  | RecordSatisfaction
  | MarkComplaintOverdue;

export type ComplaintCommandType = ComplaintCommand['type'];
