import { CONTACT_FIELDS, INDIVIDUAL_FIELDS } from '../customer/customer.constants';

/**
 * Which data of an event is personal, and whose. Paths point into the event's `data`, segments
 * separated by `/` (`contacts/phones`); a segment `*` stands for every item of an array. A path
 * names text: a string, or an array of strings (each item counts). Numbers, booleans and ids are
 * never personal here, so protecting or erasing a field never changes its JSON type.
 */
export interface PersonalDataSpec {
  /** Path of the data subject's id: the person the personal fields are about. */
  readonly subject: string;
  readonly fields: readonly string[];
  /** Fields looked up by keyed hash (HMAC), never by their plain value. */
  readonly lookups?: Readonly<Record<string, LookupKind>>;
}

export type LookupKind = 'phone' | 'email';

/*
 * The subject of a lead's events is the lead, of a customer's events the customer, of a complaint's
 * events the complaining customer. A won lead opens its customer file under the same id, so the lead
 * and the customer it became are one subject: erasing the person covers both.
 */
const LEAD = 'leadId';
const CUSTOMER = 'customerId';

/** Who the lead or customer is and how to reach them; an organisation's head is a person too. */
const identityFields = ['name', 'contacts/phones', 'contacts/emails', 'contacts/address', 'contacts/wechat', 'organisation/headName', 'organisation/headPhone'];
const identityLookups: Record<string, LookupKind> = { 'contacts/phones': 'phone', 'contacts/emails': 'email', 'organisation/headPhone': 'phone' };

/** CustomerProfileUpdated keys its changes by field path (`contacts.phones`): the same facts as at registration. */
const profileFields = ['name', ...CONTACT_FIELDS.map((f) => `contacts.${f}`), ...INDIVIDUAL_FIELDS.map((f) => `individual.${f}`), 'organisation.headName', 'organisation.headPhone'];

const leadCaptured: PersonalDataSpec = { subject: LEAD, fields: [...identityFields, 'notes'], lookups: identityLookups };

/**
 * Every event type and stored version, and its personal data (null: none). A unit test keeps this
 * complete: a new event type or version must be entered here, personal data or not.
 */
export const PERSONAL_DATA_CATALOG: Readonly<Record<string, PersonalDataSpec | null>> = {
  'LeadCaptured@1': leadCaptured,
  'LeadCaptured@2': leadCaptured,
  // The evidence for Money, Authority and Need is what someone said about the person's means and say.
  'LeadQualified@1': { subject: LEAD, fields: ['money/evidence', 'authority/evidence', 'need/evidence'] },
  'LeadStageAdvanced@1': null,
  'LeadReopened@1': null,
  'LeadActivityLogged@1': { subject: LEAD, fields: ['notes'] },
  'LeadReassigned@1': null,
  // How the withdrawal reached us may quote the person.
  'LeadConsentWithdrawn@1': { subject: LEAD, fields: ['note'] },
  'ReferralRewardOwed@1': null,
  'ReferralRewardPaid@1': null,
  'CustomerRegistered@1': {
    subject: CUSTOMER,
    fields: [...identityFields, ...INDIVIDUAL_FIELDS.map((f) => `individual/${f}`)],
    lookups: identityLookups,
  },
  'CustomerProfileUpdated@1': {
    subject: CUSTOMER,
    fields: profileFields.map((f) => `changes/${f}`),
    lookups: { 'changes/contacts.phones': 'phone', 'changes/contacts.emails': 'email', 'changes/organisation.headPhone': 'phone' },
  },
  'CreditAssessed@1': { subject: CUSTOMER, fields: ['notes'] },
  'ContractSigned@1': null,
  'OrderPlaced@1': null,
  'PaymentReceived@1': null,
  'ReturnRecorded@1': null,
  'DiscountGranted@1': null,
  'IdentityVerified@1': { subject: CUSTOMER, fields: ['documentNumber'] },
  'CustomerClassChanged@1': null,
  // The complaint in the customer's words, and their comment on the resolution.
  'ComplaintLogged@1': { subject: CUSTOMER, fields: ['description'] },
  'ComplaintAcknowledged@1': null,
  'ComplaintEscalated@1': null,
  'ComplaintResolved@1': null,
  'ComplaintReopened@1': null,
  'SatisfactionRecorded@1': { subject: CUSTOMER, fields: ['comment'] },
  'ComplaintDeadlineMissed@1': null,
  'PersonalDataErased@1': null,
  'WebhookRegistered@1': null,
  'WebhookRemoved@1': null,
  'ApiKeyIssued@1': null,
  'ApiKeyRevoked@1': null,
  // Who looked at a record: staff and the record's id, nothing of the person looked at.
  'AccessRecorded@1': null,
};
