import {
  CUSTOMER_EVENT_TYPES,
  CreditRating,
  CreditScores,
  CustomerClass,
  CustomerContacts,
  CustomerEvent,
  CustomerKind,
  CustomerProfileUpdated,
  CustomerRegistered,
  IdentityVerificationMethod,
  IndividualFacts,
  OrderItem,
  PaymentMethod,
  orderOutstanding,
  patchCustomerProfile,
} from '@app/domain/customer';
import { ConsentPurpose, OrganisationFacts, Referrer } from '@app/domain/lead';
import { RecordedEvent, money } from '@app/domain/shared';
import { Projection, ReadModelDoc } from '@app/projection-engine';
import { PERSONAL_DATA_ERASED, erasedRecordIds, erasureOf, withPersonalDataErased } from '../shared/personal-data-erasure';
import { RecordedOf, narrow, searchTextOf } from '../shared/read-model.helpers';
import { compareTimes } from '../shared/statistics';

/** How many timeline entries the file keeps (the log keeps everything). */
export const CUSTOMER_TIMELINE_LIMIT = 100;

export interface CustomerProfile {
  readonly kind: CustomerKind;
  readonly name: string;
  readonly contacts: CustomerContacts;
  /** Person files only (education, family, business background, interests, personal life). */
  readonly individual: IndividualFacts | null;
  /** Organisation files only. */
  readonly organisation: OrganisationFacts | null;
}

export interface ContractEntry {
  readonly contractId: string;
  readonly title: string;
  readonly amount: number;
  readonly signedOn: string;
  readonly startsOn: string | null;
  readonly endsOn: string | null;
}

/** An order with its receivables: outstanding = amount − paid − returned − discounted. */
export interface OrderEntry {
  readonly orderId: string;
  readonly contractId: string | null;
  readonly items: readonly OrderItem[];
  readonly amount: number;
  readonly dueOn: string | null;
  readonly placedAt: string;
  readonly creditOverrideReason: string | null;
  readonly paid: number;
  readonly returned: number;
  readonly discounted: number;
  readonly outstanding: number;
}

export interface Receivables {
  readonly invoiced: number;
  readonly paid: number;
  readonly returned: number;
  readonly discounted: number;
  /** Negative when the company owes the customer. */
  readonly outstanding: number;
}

export interface PaymentEntry {
  readonly paymentId: string;
  readonly orderId: string | null;
  readonly amount: number;
  readonly method: PaymentMethod;
  readonly at: string;
}

export interface ReturnEntry {
  readonly returnId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly reason: string;
  readonly at: string;
}

export interface DiscountEntry {
  readonly discountId: string;
  readonly orderId: string | null;
  readonly amount: number;
  readonly reason: string;
  readonly at: string;
}

export interface TradingHistory {
  readonly orderCount: number;
  readonly firstOrderAt: string | null;
  readonly lastOrderAt: string | null;
  readonly totalOrdered: number;
}

export interface CreditStanding {
  readonly rating: CreditRating;
  readonly creditLimit: number;
  readonly score: number;
  readonly scores: CreditScores;
  readonly assessedAt: string;
}

/** Real-name verification; the document number stays in the (encrypted) event, never in the read model. */
export interface IdentityStatus {
  readonly method: IdentityVerificationMethod;
  readonly verifiedOn: string;
  readonly reverifyBy: string;
}

export interface ClassChange {
  /** null for the class given at registration. */
  readonly from: CustomerClass | null;
  readonly to: CustomerClass;
  readonly reason: string | null;
  readonly at: string;
}

/**
 * What a timeline entry records, by kind: the values a reader words in their own language. The kinds
 * are a closed, stable vocabulary (snake_case, like the API's other enumerations); a new kind may be
 * added, an existing one keeps its values.
 */
export type TimelineFacts =
  | { readonly kind: 'registered'; readonly fromLeadId: string | null }
  | { readonly kind: 'profile_updated'; readonly changedFields: readonly string[] }
  | { readonly kind: 'credit_assessed'; readonly rating: CreditRating; readonly creditLimit: number }
  | { readonly kind: 'contract_signed'; readonly contractId: string; readonly title: string; readonly amount: number }
  | { readonly kind: 'order_placed'; readonly orderId: string; readonly amount: number }
  | { readonly kind: 'payment_received'; readonly paymentId: string; readonly amount: number; readonly method: PaymentMethod }
  | { readonly kind: 'return_recorded'; readonly returnId: string; readonly orderId: string; readonly amount: number }
  | { readonly kind: 'discount_granted'; readonly discountId: string; readonly amount: number }
  | { readonly kind: 'identity_verified'; readonly method: IdentityVerificationMethod; readonly reverifyBy: string }
  | { readonly kind: 'class_changed'; readonly from: CustomerClass; readonly to: CustomerClass }
  | { readonly kind: 'referral_reward_owed'; readonly rewardId: string; readonly referredLeadId: string; readonly amount: number }
  | { readonly kind: 'referral_reward_paid'; readonly rewardId: string; readonly amount: number };

export type TimelineKind = TimelineFacts['kind'];

/** Every kind, for the API's documentation; the record type makes the compiler keep it complete. */
const TIMELINE_KIND_SET: Record<TimelineKind, true> = {
  registered: true,
  profile_updated: true,
  credit_assessed: true,
  contract_signed: true,
  order_placed: true,
  payment_received: true,
  return_recorded: true,
  discount_granted: true,
  identity_verified: true,
  class_changed: true,
  referral_reward_owed: true,
  referral_reward_paid: true,
};
export const TIMELINE_KINDS = Object.keys(TIMELINE_KIND_SET) as readonly TimelineKind[];

/**
 * One fact of the file's history: when, the event's type and log position, its kind and values, and
 * `summary`, the same fact as one English line (kept as it was for readers that show or parse it).
 */
export type TimelineEntry = {
  readonly at: string;
  readonly type: string;
  readonly summary: string;
  readonly position: number;
} & TimelineFacts;

/** The customer file (DOMAIN §5): basic data and the five archive sections, one document per customer. */
export interface CustomerDoc extends ReadModelDoc {
  readonly customerId: string;
  // 1 basic data
  readonly profile: CustomerProfile;
  readonly ownerId: string;
  readonly teamId: string;
  readonly customerClass: CustomerClass;
  readonly source: string | null;
  readonly referredBy: Referrer | null;
  readonly fromLeadId: string | null;
  readonly registeredAt: string;
  readonly consentPurposes: readonly ConsentPurpose[];
  // 2 contracts and orders
  readonly contracts: readonly ContractEntry[];
  readonly orders: readonly OrderEntry[];
  // 3 receivables and repayments
  readonly receivables: Receivables;
  readonly payments: readonly PaymentEntry[];
  // 5 returns and discounts
  readonly returns: readonly ReturnEntry[];
  readonly discounts: readonly DiscountEntry[];
  // 4 trading history
  readonly trading: TradingHistory;
  readonly credit: CreditStanding | null;
  readonly identity: IdentityStatus | null;
  readonly classHistory: readonly ClassChange[];
  /** The latest entries by business time, oldest first and newest last. */
  readonly timeline: readonly TimelineEntry[];
  /** When the person's personal data was erased: from then on the profile's personal fields read "[erased]". */
  readonly personalDataErasedAt: string | null;
  readonly searchText: string;
}

type Recorded = RecordedOf<CustomerEvent>;
type Of<T extends Recorded['type']> = Extract<Recorded, { type: T }>;

const ZERO: Receivables = { invoiced: 0, paid: 0, returned: 0, discounted: 0, outstanding: 0 };

type MoneyField = 'paid' | 'returned' | 'discounted';

/** The customer decider's outstanding rule, applied to the file's totals (invoiced plays the order amount). */
const addToReceivables = (totals: Receivables, field: 'invoiced' | MoneyField, amount: number): Receivables => {
  const next = { ...totals, [field]: money(totals[field] + amount) };
  const { invoiced, paid, returned, discounted } = next;
  return { ...next, outstanding: orderOutstanding({ amount: invoiced, paid, returned, discounted }) };
};

/** Books an amount against one order; money not tied to an order leaves the orders alone. */
const addToOrder = (orders: readonly OrderEntry[], orderId: string | undefined, field: MoneyField, amount: number): OrderEntry[] =>
  orders.map((order) => {
    if (order.orderId !== orderId) return order;
    const next = { ...order, [field]: money(order[field] + amount) };
    return { ...next, outstanding: orderOutstanding(next) };
  });

const formatAmount = (amount: number): string => amount.toFixed(2);

/** The kind and values of an event: field names and business values, never personal values. */
const factsOf = (event: Recorded): TimelineFacts => {
  switch (event.type) {
    case 'CustomerRegistered':
      return { kind: 'registered', fromLeadId: event.data.fromLeadId ?? null };
    case 'CustomerProfileUpdated':
      return { kind: 'profile_updated', changedFields: [...event.data.changedFields] };
    case 'CreditAssessed':
      return { kind: 'credit_assessed', rating: event.data.rating, creditLimit: event.data.creditLimit };
    case 'ContractSigned':
      return { kind: 'contract_signed', contractId: event.data.contractId, title: event.data.title, amount: event.data.amount };
    case 'OrderPlaced':
      return { kind: 'order_placed', orderId: event.data.orderId, amount: event.data.amount };
    case 'PaymentReceived':
      return { kind: 'payment_received', paymentId: event.data.paymentId, amount: event.data.amount, method: event.data.method };
    case 'ReturnRecorded':
      return { kind: 'return_recorded', returnId: event.data.returnId, orderId: event.data.orderId, amount: event.data.amount };
    case 'DiscountGranted':
      return { kind: 'discount_granted', discountId: event.data.discountId, amount: event.data.amount };
    case 'IdentityVerified':
      return { kind: 'identity_verified', method: event.data.method, reverifyBy: event.data.reverifyBy };
    case 'CustomerClassChanged':
      return { kind: 'class_changed', from: event.data.from, to: event.data.to };
    case 'ReferralRewardOwed':
      return { kind: 'referral_reward_owed', rewardId: event.data.rewardId, referredLeadId: event.data.referredLeadId, amount: event.data.amount };
    case 'ReferralRewardPaid':
      return { kind: 'referral_reward_paid', rewardId: event.data.rewardId, amount: event.data.amount };
  }
};

/** The English line of a fact, as the file has always given it (readers may show or parse it). */
const summaryOf = (type: string, facts: TimelineFacts): string => {
  switch (facts.kind) {
    case 'registered':
      return facts.fromLeadId ? `Registered from lead ${facts.fromLeadId}` : 'Registered';
    case 'profile_updated':
      return `Profile updated: ${facts.changedFields.join(', ')}`;
    case 'credit_assessed':
      return `Credit assessed: rating ${facts.rating}, limit ${formatAmount(facts.creditLimit)}`;
    case 'contract_signed':
      return `Contract ${facts.contractId} signed: ${facts.title}, ${formatAmount(facts.amount)}`;
    case 'order_placed':
      return `Order ${facts.orderId} placed: ${formatAmount(facts.amount)}`;
    case 'payment_received':
      return `Payment ${facts.paymentId} received: ${formatAmount(facts.amount)} by ${facts.method}`;
    case 'return_recorded':
      return `Return ${facts.returnId} on order ${facts.orderId}: ${formatAmount(facts.amount)}`;
    case 'discount_granted':
      return `Discount ${facts.discountId} granted: ${formatAmount(facts.amount)}`;
    case 'identity_verified':
      return `Identity verified (${facts.method}), re-verify by ${facts.reverifyBy}`;
    case 'class_changed':
      return `Class changed from ${facts.from} to ${facts.to}`;
    default:
      // The reward lines were always the bare event type.
      return type;
  }
};

/** Inserts in business-time order (log order among equal times) and keeps the newest entries. */
const addToTimeline = (timeline: readonly TimelineEntry[], event: Recorded): TimelineEntry[] => {
  const facts = factsOf(event);
  const entry: TimelineEntry = { at: event.data.at, type: event.type, summary: summaryOf(event.type, facts), position: event.position, ...facts };
  const entries = [...timeline, entry].sort((a, b) => compareTimes(a.at, b.at) || a.position - b.position);
  return entries.slice(-CUSTOMER_TIMELINE_LIMIT);
};

const registered = (event: Of<'CustomerRegistered'>, id: string): CustomerDoc => {
  const d: CustomerRegistered['data'] = event.data;
  return {
    _id: id,
    _position: event.position,
    customerId: d.customerId,
    profile: {
      kind: d.kind,
      name: d.name,
      contacts: d.contacts,
      individual: d.kind === 'person' ? (d.individual ?? {}) : null,
      organisation: d.kind === 'organisation' ? (d.organisation ?? {}) : null,
    },
    ownerId: d.ownerId,
    teamId: d.teamId,
    customerClass: d.customerClass,
    source: d.source ?? null,
    referredBy: d.referredBy ? { kind: d.referredBy.kind, id: d.referredBy.id } : null,
    fromLeadId: d.fromLeadId ?? null,
    registeredAt: d.at,
    consentPurposes: [...d.consent.purposes],
    contracts: [],
    orders: [],
    receivables: ZERO,
    payments: [],
    returns: [],
    discounts: [],
    trading: { orderCount: 0, firstOrderAt: null, lastOrderAt: null, totalOrdered: 0 },
    credit: null,
    identity: null,
    classHistory: [{ from: null, to: d.customerClass, reason: null, at: d.at }],
    timeline: [],
    personalDataErasedAt: null,
    searchText: searchTextOf(d.name, d.organisation?.legalName),
  };
};

/** The customer domain's profile patch is the one implementation of it: borrowed, not copied. */
const profileUpdated = (doc: CustomerDoc, event: CustomerProfileUpdated): CustomerDoc => {
  const { kind, name, contacts, individual, organisation } = doc.profile;
  const patched = patchCustomerProfile(kind === 'person' ? { kind, name, contacts, individual: individual ?? {} } : { kind, name, contacts, organisation: organisation ?? {} }, event);
  const profile: CustomerProfile = {
    kind,
    name: patched.name ?? name,
    contacts: patched.contacts,
    individual: patched.kind === 'person' ? patched.individual : null,
    organisation: patched.kind === 'organisation' ? patched.organisation : null,
  };
  return { ...doc, profile, searchText: searchTextOf(profile.name, profile.organisation?.legalName) };
};

const orderPlaced = (doc: CustomerDoc, event: Of<'OrderPlaced'>): CustomerDoc => {
  const d = event.data;
  const { trading } = doc;
  const order: OrderEntry = {
    orderId: d.orderId,
    contractId: d.contractId ?? null,
    items: d.items,
    amount: d.amount,
    dueOn: d.dueOn ?? null,
    placedAt: d.at,
    creditOverrideReason: d.creditOverrideReason ?? null,
    paid: 0,
    returned: 0,
    discounted: 0,
    outstanding: d.amount,
  };
  return {
    ...doc,
    orders: [...doc.orders, order],
    receivables: addToReceivables(doc.receivables, 'invoiced', d.amount),
    trading: {
      orderCount: trading.orderCount + 1,
      // min/max, so a back-dated import lands in the right place.
      firstOrderAt: trading.firstOrderAt === null || compareTimes(d.at, trading.firstOrderAt) < 0 ? d.at : trading.firstOrderAt,
      lastOrderAt: trading.lastOrderAt === null || compareTimes(d.at, trading.lastOrderAt) > 0 ? d.at : trading.lastOrderAt,
      totalOrdered: money(trading.totalOrdered + d.amount),
    },
  };
};

/** A payment, return or discount: booked on its order (if any) and on the file's receivables. */
const booked = (
  doc: CustomerDoc,
  field: MoneyField,
  orderId: string | undefined,
  amount: number,
): Pick<CustomerDoc, 'orders' | 'receivables'> => ({
  orders: addToOrder(doc.orders, orderId, field, amount),
  receivables: addToReceivables(doc.receivables, field, amount),
});

const applyEvent = (doc: CustomerDoc, event: Recorded): CustomerDoc => {
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return profileUpdated(doc, event);
    case 'CreditAssessed': {
      const { rating, creditLimit, score, scores, at } = event.data;
      return { ...doc, credit: { rating, creditLimit, score, scores, assessedAt: at } };
    }
    case 'ContractSigned': {
      const { contractId, title, amount, signedOn, startsOn, endsOn } = event.data;
      const contract: ContractEntry = { contractId, title, amount, signedOn, startsOn: startsOn ?? null, endsOn: endsOn ?? null };
      return { ...doc, contracts: [...doc.contracts, contract] };
    }
    case 'OrderPlaced':
      return orderPlaced(doc, event);
    case 'PaymentReceived': {
      const { paymentId, orderId, amount, method, at } = event.data;
      const payment: PaymentEntry = { paymentId, orderId: orderId ?? null, amount, method, at };
      return { ...doc, ...booked(doc, 'paid', orderId, amount), payments: [...doc.payments, payment] };
    }
    case 'ReturnRecorded': {
      const { returnId, orderId, amount, reason, at } = event.data;
      return { ...doc, ...booked(doc, 'returned', orderId, amount), returns: [...doc.returns, { returnId, orderId, amount, reason, at }] };
    }
    case 'DiscountGranted': {
      const { discountId, orderId, amount, reason, at } = event.data;
      return {
        ...doc,
        ...booked(doc, 'discounted', orderId, amount),
        discounts: [...doc.discounts, { discountId, orderId: orderId ?? null, amount, reason, at }],
      };
    }
    case 'IdentityVerified': {
      const { method, verifiedOn, reverifyBy } = event.data;
      return { ...doc, identity: { method, verifiedOn, reverifyBy } };
    }
    case 'CustomerClassChanged': {
      const { from, to, reason, at } = event.data;
      return { ...doc, customerClass: to, classHistory: [...doc.classHistory, { from, to, reason: reason ?? null, at }] };
    }
    default:
      return doc;
  }
};

/**
 * The profile's personal fields (those CustomerRegistered holds: name, contacts, the person's facts,
 * an organisation head's name and phone) as the erased log reads them; the archive sections stay.
 */
const erased = (doc: CustomerDoc, erasedAt: string): CustomerDoc => ({
  ...doc,
  profile: withPersonalDataErased('CustomerRegistered', 1, doc.profile),
  searchText: '',
  personalDataErasedAt: erasedAt,
});

const evolve = (doc: CustomerDoc | null, recorded: RecordedEvent, id: string): CustomerDoc | null => {
  // Not a timeline entry: the file only shows that the data was erased, and when.
  if (recorded.type === PERSONAL_DATA_ERASED) return doc && erased(doc, erasureOf(recorded).erasedAt);
  const event = narrow<CustomerEvent>(recorded);
  const next = event.type === 'CustomerRegistered' ? registered(event, id) : doc && applyEvent(doc, event);
  // Events of a customer never registered cannot come from the decider: nothing to show.
  return next && { ...next, timeline: addToTimeline(next.timeline, event) };
};

export const customersProjection: Projection<CustomerDoc> = {
  name: 'customers',
  // 2: erasure of personal data. 3: timeline entries carry their kind and values.
  version: 3,
  indexes: [
    { fields: [{ field: 'customerClass' }] },
    { fields: [{ field: 'ownerId' }, { field: 'customerClass' }] },
    { fields: [{ field: 'teamId' }, { field: 'customerClass' }] },
    { fields: [{ field: 'searchText' }] },
    // Real-name management: who is due for re-verification.
    { fields: [{ field: 'identity.reverifyBy' }] },
  ],
  eventTypes: [...CUSTOMER_EVENT_TYPES, PERSONAL_DATA_ERASED],
  keys: (event) => (event.type === PERSONAL_DATA_ERASED ? erasedRecordIds(event, 'customer') : [(event.data as { customerId: string }).customerId]),
  evolve,
};
