import type {
  ComplaintAcknowledged,
  ComplaintDeadlineMissed,
  ComplaintEscalated,
  ComplaintLogged,
  ComplaintReopened,
  ComplaintResolved,
  SatisfactionRecorded,
} from '../complaint/complaint.events';
import type {
  ContractSigned,
  CreditAssessed,
  CustomerClassChanged,
  CustomerProfileUpdated,
  CustomerRegistered,
  DiscountGranted,
  IdentityVerified,
  OrderPlaced,
  PaymentReceived,
  ReferralRewardOwedToCustomer,
  ReferralRewardPaidToCustomer,
  ReturnRecorded,
} from '../customer/customer.events';
import type {
  LeadActivityLogged,
  LeadCaptured,
  LeadCapturedV1Data,
  LeadConsentWithdrawn,
  LeadQualified,
  LeadReassigned,
  LeadReopened,
  LeadStageAdvanced,
  ReferralRewardOwedToLead,
  ReferralRewardPaidToLead,
} from '../lead/lead.events';
import type { RecordedEvent } from '../shared/event';
import type { WebhookRegistered, WebhookRemoved } from '../webhook/webhook.events';
import type { ApiKeyIssued, ApiKeyRevoked } from '../api-key/api-key.events';
import type { AccessRecorded } from '../access-log/access-log.events';
import type { PersonalDataErased } from '../personal-data/personal-data.events';

/*
 * The one source of the event contracts. Every event type, and every version of it that may be stored
 * in the log, maps to the TypeScript type of its `data`; `npm run schemas` turns these into the JSON
 * Schemas beside this file (libs/domain/tools/event-schema-generator.ts) and a unit test fails when
 * the committed schemas are stale. A new version of an event is a new key next to the old one; the old
 * one stays as long as old events may be stored (they are upcast on read, see lead.upcasters.ts).
 * The comment on each entry becomes the schema's description.
 */

/** Events the feeds (pull, SSE, webhooks) deliver, always upcast to their latest version. */
export interface FeedEventCatalog {
  /** A lead was captured: a person or organisation that may need and be able to buy. Starts at funnel stage D. */
  LeadCaptured: {
    /** Stored before consent was recorded per purpose (a single yes/no); read as version 2. */
    1: LeadCapturedV1Data;
    2: LeadCaptured['data'];
  };
  /** A lead was qualified by the MAN rule (Money, Authority, Need). */
  LeadQualified: { 1: LeadQualified['data'] };
  /** A lead moved along the funnel D → C → B → A → won | lost (or back). */
  LeadStageAdvanced: { 1: LeadStageAdvanced['data'] };
  /** A won or lost lead was reopened. */
  LeadReopened: { 1: LeadReopened['data'] };
  /** A sales activity (visit, call, demo, ...) was logged on a lead. */
  LeadActivityLogged: { 1: LeadActivityLogged['data'] };
  /** A lead changed owner (alone or in a bulk reassignment). */
  LeadReassigned: { 1: LeadReassigned['data'] };
  /** The lead withdrew consent for some purposes (or all); with none left, its personal data is erased after the retention period. */
  LeadConsentWithdrawn: { 1: LeadConsentWithdrawn['data'] };
  /** A referral reward became owed to the referrer: a lead (`leadId`) or a customer (`customerId`). */
  ReferralRewardOwed: { 1: ReferralRewardOwedToLead['data'] | ReferralRewardOwedToCustomer['data'] };
  /** A referral reward was paid to the referrer: a lead (`leadId`) or a customer (`customerId`). */
  ReferralRewardPaid: { 1: ReferralRewardPaidToLead['data'] | ReferralRewardPaidToCustomer['data'] };
  /** A customer file was opened (by hand, or by a won lead under the same id). */
  CustomerRegistered: { 1: CustomerRegistered['data'] };
  /** Facts of a customer's profile changed (a patch; `changedFields` lists them). */
  CustomerProfileUpdated: { 1: CustomerProfileUpdated['data'] };
  /** A 5C credit assessment: rating and credit limit. */
  CreditAssessed: { 1: CreditAssessed['data'] };
  ContractSigned: { 1: ContractSigned['data'] };
  OrderPlaced: { 1: OrderPlaced['data'] };
  PaymentReceived: { 1: PaymentReceived['data'] };
  ReturnRecorded: { 1: ReturnRecorded['data'] };
  DiscountGranted: { 1: DiscountGranted['data'] };
  /** A real-name identity check, and when to verify again. */
  IdentityVerified: { 1: IdentityVerified['data'] };
  CustomerClassChanged: { 1: CustomerClassChanged['data'] };
  ComplaintLogged: { 1: ComplaintLogged['data'] };
  ComplaintAcknowledged: { 1: ComplaintAcknowledged['data'] };
  /** A complaint was escalated; a safety-related one gets a PPSC tracking number and a 24-hour deadline. */
  ComplaintEscalated: { 1: ComplaintEscalated['data'] };
  ComplaintResolved: { 1: ComplaintResolved['data'] };
  ComplaintReopened: { 1: ComplaintReopened['data'] };
  /** The customer's satisfaction after a resolution: expected and perceived service, likelihood to recommend. */
  SatisfactionRecorded: { 1: SatisfactionRecorded['data'] };
  /** A safety escalation's 24-hour deadline passed while the complaint was still open. */
  ComplaintDeadlineMissed: { 1: ComplaintDeadlineMissed['data'] };
  /** A data subject's personal data was erased: their key is deleted, so every personal field of theirs now reads "[erased]". Subscribers must erase their copies. */
  PersonalDataErased: { 1: PersonalDataErased['data'] };
}

/** Events of the API's own bookkeeping (webhooks, API keys), stored in the log but never delivered by the feeds. */
export interface InternalEventCatalog {
  /** A webhook was registered (its signing secret only sealed). */
  WebhookRegistered: { 1: WebhookRegistered['data'] };
  WebhookRemoved: { 1: WebhookRemoved['data'] };
  /** An API key was issued to a service or script (only a hash of its secret is recorded). */
  ApiKeyIssued: { 1: ApiKeyIssued['data'] };
  ApiKeyRevoked: { 1: ApiKeyRevoked['data'] };
  /** Someone looked at personal data (a customer file, a lead, a history, an export): who, what, when, from where, why. */
  AccessRecorded: { 1: AccessRecorded['data'] };
}

/** A recorded event, as the log stores it and the feeds deliver it; the generator fills in `type`, `version` and `data` per entry. */
export type EventEnvelope = RecordedEvent;
