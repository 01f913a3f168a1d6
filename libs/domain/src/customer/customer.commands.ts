import { Command, OweReferralRewardFields, PayReferralRewardFields } from '../shared';
import {
  CustomerClass,
  CustomerKind,
  IdentityVerificationMethod,
  PaymentMethod,
} from './customer.constants';
import { OrganisationFacts, Referrer } from '../lead/lead.events';
import { CreditScores, CustomerConsent, CustomerContacts, IndividualFacts, OrderItem } from './customer.events';

/** Every customer command names its aggregate; ids of new things (orders, payments...) come in too. */
interface CustomerCommandData {
  readonly customerId: string;
}

export type RegisterCustomer = Command<
  'RegisterCustomer',
  CustomerCommandData & {
    readonly fromLeadId?: string;
    readonly kind: CustomerKind;
    readonly name: string;
    readonly contacts: CustomerContacts;
    readonly individual?: IndividualFacts;
    readonly organisation?: OrganisationFacts;
    readonly ownerId: string;
    readonly teamId: string;
    /** Defaults to 'new'. */
    readonly customerClass?: CustomerClass;
    readonly source?: string;
    readonly referredBy?: Referrer;
    readonly consent: CustomerConsent;
  }
>;

/** An omitted field is left as it is; `null` clears an optional fact (lists are replaced, never null). */
type Patch<T> = { readonly [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[] ? T[K] : T[K] | null };

export type UpdateCustomerProfile = Command<
  'UpdateCustomerProfile',
  CustomerCommandData & {
    readonly name?: string;
    readonly contacts?: Patch<CustomerContacts>;
    readonly individual?: Patch<IndividualFacts>;
    readonly organisation?: Patch<OrganisationFacts>;
  }
>;

export type AssessCredit = Command<
  'AssessCredit',
  CustomerCommandData & {
    readonly assessmentId: string;
    readonly scores: CreditScores;
    readonly requestedLimit: number;
    readonly notes?: string;
  }
>;

export type SignContract = Command<
  'SignContract',
  CustomerCommandData & {
    readonly contractId: string;
    readonly title: string;
    readonly amount: number;
    readonly signedOn: string;
    readonly startsOn?: string;
    readonly endsOn?: string;
  }
>;

export type PlaceOrder = Command<
  'PlaceOrder',
  CustomerCommandData & {
    readonly orderId: string;
    readonly contractId?: string;
    readonly items: readonly OrderItem[];
    readonly dueOn?: string;
    /** Accepts an order beyond the credit limit; the reason is kept in the event. */
    readonly creditOverrideReason?: string;
  }
>;

export type RecordPayment = Command<
  'RecordPayment',
  CustomerCommandData & {
    readonly paymentId: string;
    readonly orderId?: string;
    readonly amount: number;
    readonly method: PaymentMethod;
  }
>;

export type RecordReturn = Command<
  'RecordReturn',
  CustomerCommandData & {
    readonly returnId: string;
    readonly orderId: string;
    readonly amount: number;
    readonly reason: string;
  }
>;

export type GrantDiscount = Command<
  'GrantDiscount',
  CustomerCommandData & {
    readonly discountId: string;
    readonly orderId?: string;
    readonly amount: number;
    readonly reason: string;
  }
>;

export type VerifyIdentity = Command<
  'VerifyIdentity',
  CustomerCommandData & {
    readonly verificationId: string;
    readonly method: IdentityVerificationMethod;
    readonly documentType?: string;
    readonly documentNumber?: string;
    readonly verifiedOn: string;
    /** Defaults to verifiedOn + 365 days. */
    readonly reverifyBy?: string;
  }
>;

export type ChangeCustomerClass = Command<
  'ChangeCustomerClass',
  CustomerCommandData & {
    readonly to: CustomerClass;
    readonly reason?: string;
  }
>;

/** The customer is the REFERRER here: it is owed a reward for `referredLeadId`'s sale. */
export type OweReferralRewardToCustomer = Command<'OweReferralReward', CustomerCommandData & OweReferralRewardFields>;

export type PayReferralRewardToCustomer = Command<'PayReferralReward', CustomerCommandData & PayReferralRewardFields>;

export type CustomerCommand =
  | RegisterCustomer
  | UpdateCustomerProfile
  | AssessCredit
  | SignContract
  | PlaceOrder
  | RecordPayment
  | RecordReturn
  | GrantDiscount
  | VerifyIdentity
  | ChangeCustomerClass
  | OweReferralRewardToCustomer
  | PayReferralRewardToCustomer;

export type CustomerCommandType = CustomerCommand['type'];
