import { ConsentPurpose } from '../lead/lead.constants';
import { LeadContacts, OrganisationFacts, Referrer } from '../lead/lead.events';
import { DomainEvent, ReferralRewardOwedEvent, ReferralRewardPaidEvent } from '../shared';
import { CreditRating, CustomerClass, CustomerKind, IdentityVerificationMethod, PaymentMethod } from './customer.constants';

/**
 * Events of the customer file (DOMAIN §5). All version 1. `at` is the business time of the command
 * (context.occurredAt) so that read models can measure time without the envelope.
 */

/*
 * Contacts, organisation facts, referrer and consent purposes are the lead's vocabulary: a won lead
 * becomes a customer without translation. Import them from the lead module.
 */
export type CustomerContacts = LeadContacts;

/** Facts about a person (教育背景, 家庭情况, 业务背景, 特殊兴趣, 个人生活). */
export interface IndividualFacts {
  readonly education?: string;
  readonly family?: string;
  readonly businessBackground?: string;
  readonly interests?: string;
  readonly personalLife?: string;
}

export type CustomerConsent = { readonly purposes: readonly ConsentPurpose[] };

export interface CreditScores {
  readonly character: number;
  readonly capacity: number;
  readonly capital: number;
  readonly collateral: number;
  readonly conditions: number;
}

export interface OrderItem {
  readonly sku?: string;
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** A profile patch value: the new value, or `null` to clear an optional fact. */
export type ProfileChangeValue = string | number | readonly string[] | null;

export type CustomerRegistered = DomainEvent<
  'CustomerRegistered',
  {
    readonly customerId: string;
    /** Set when the customer was registered from a won lead. */
    readonly fromLeadId?: string;
    readonly kind: CustomerKind;
    readonly name: string;
    readonly contacts: CustomerContacts;
    /** Only for kind 'person'. */
    readonly individual?: IndividualFacts;
    /** Only for kind 'organisation'. */
    readonly organisation?: OrganisationFacts;
    readonly ownerId: string;
    readonly teamId: string;
    readonly customerClass: CustomerClass;
    readonly source?: string;
    readonly referredBy?: Referrer;
    /** The purposes the customer was told about when the data was collected (DOMAIN §7). */
    readonly consent: CustomerConsent;
    readonly at: string;
  }
>;

export type CustomerProfileUpdated = DomainEvent<
  'CustomerProfileUpdated',
  {
    readonly customerId: string;
    /** Keyed by field path: `name`, `contacts.phones`, `individual.education`, `organisation.region`... */
    readonly changes: Readonly<Record<string, ProfileChangeValue>>;
    readonly changedFields: readonly string[];
    readonly at: string;
  }
>;

export type CreditAssessed = DomainEvent<
  'CreditAssessed',
  {
    readonly customerId: string;
    readonly assessmentId: string;
    readonly scores: CreditScores;
    readonly requestedLimit: number;
    readonly score: number;
    readonly rating: CreditRating;
    readonly creditLimit: number;
    readonly notes?: string;
    readonly at: string;
  }
>;

export type ContractSigned = DomainEvent<
  'ContractSigned',
  {
    readonly customerId: string;
    readonly contractId: string;
    readonly title: string;
    readonly amount: number;
    /** Calendar dates, `YYYY-MM-DD`. */
    readonly signedOn: string;
    readonly startsOn?: string;
    readonly endsOn?: string;
    readonly at: string;
  }
>;

export type OrderPlaced = DomainEvent<
  'OrderPlaced',
  {
    readonly customerId: string;
    readonly orderId: string;
    readonly contractId?: string;
    readonly items: readonly OrderItem[];
    /** Σ quantity × unitPrice, computed by the decider. */
    readonly amount: number;
    readonly dueOn?: string;
    /** Present only when the order was accepted beyond the credit limit. */
    readonly creditOverrideReason?: string;
    readonly at: string;
  }
>;

export type PaymentReceived = DomainEvent<
  'PaymentReceived',
  {
    readonly customerId: string;
    readonly paymentId: string;
    readonly orderId?: string;
    readonly amount: number;
    readonly method: PaymentMethod;
    readonly at: string;
  }
>;

export type ReturnRecorded = DomainEvent<
  'ReturnRecorded',
  {
    readonly customerId: string;
    readonly returnId: string;
    readonly orderId: string;
    readonly amount: number;
    readonly reason: string;
    readonly at: string;
  }
>;

export type DiscountGranted = DomainEvent<
  'DiscountGranted',
  {
    readonly customerId: string;
    readonly discountId: string;
    readonly orderId?: string;
    readonly amount: number;
    readonly reason: string;
    readonly at: string;
  }
>;

export type IdentityVerified = DomainEvent<
  'IdentityVerified',
  {
    readonly customerId: string;
    readonly verificationId: string;
    readonly method: IdentityVerificationMethod;
    readonly documentType?: string;
    readonly documentNumber?: string;
    readonly verifiedOn: string;
    readonly reverifyBy: string;
    readonly at: string;
  }
>;

export type CustomerClassChanged = DomainEvent<
  'CustomerClassChanged',
  {
    readonly customerId: string;
    readonly from: CustomerClass;
    readonly to: CustomerClass;
    readonly reason?: string;
    readonly at: string;
  }
>;

/* Rewards owed to and paid to this customer as a referrer; the shape is shared with the lead (shared/referral-rewards.ts). */
export type ReferralRewardOwedToCustomer = ReferralRewardOwedEvent<{ readonly customerId: string }>;
export type ReferralRewardPaidToCustomer = ReferralRewardPaidEvent<{ readonly customerId: string }>;

export type CustomerEvent =
  | CustomerRegistered
  | CustomerProfileUpdated
  | CreditAssessed
  | ContractSigned
  | OrderPlaced
  | PaymentReceived
  | ReturnRecorded
  | DiscountGranted
  | IdentityVerified
  | CustomerClassChanged
  | ReferralRewardOwedToCustomer
  | ReferralRewardPaidToCustomer;

export type CustomerEventType = CustomerEvent['type'];

export const CUSTOMER_EVENT_TYPES: readonly CustomerEventType[] = [
  'CustomerRegistered',
  'CustomerProfileUpdated',
  'CreditAssessed',
  'ContractSigned',
  'OrderPlaced',
  'PaymentReceived',
  'ReturnRecorded',
  'DiscountGranted',
  'IdentityVerified',
  'CustomerClassChanged',
  'ReferralRewardOwed',
  'ReferralRewardPaid',
];
