import {
  addDays,
  alreadyExists,
  Decider,
  Decision,
  decideOweReferralReward,
  decidePayReferralReward,
  DomainError,
  evolveReferralRewards,
  money,
  notFound,
  ReferralRewards,
  ruleViolated,
  RuleViolatedCode,
  AlreadyExistsCode,
  NotFoundCode,
} from '../shared';
import { assessCredit } from './credit';
import {
  CONTACT_FIELDS,
  CreditRating,
  CustomerClass,
  CustomerErrorCode,
  CustomerKind,
  DEFAULT_CUSTOMER_CLASS,
  DEFAULT_REVERIFY_AFTER_DAYS,
  INDIVIDUAL_FIELDS,
  ORGANISATION_FIELDS,
  VIP_REFERRAL_REASON,
  VIP_REFERRAL_THRESHOLD,
  VIP_REFERRAL_WINDOW_DAYS,
} from './customer.constants';
import {
  AssessCredit,
  ChangeCustomerClass,
  CustomerCommand,
  GrantDiscount,
  OweReferralRewardToCustomer,
  PlaceOrder,
  RecordPayment,
  RecordReturn,
  RegisterCustomer,
  SignContract,
  UpdateCustomerProfile,
  VerifyIdentity,
} from './customer.commands';
import { OrganisationFacts } from '../lead/lead.events';
import {
  CustomerContacts,
  CustomerEvent,
  CustomerProfileUpdated,
  CustomerRegistered,
  IndividualFacts,
  ProfileChangeValue,
} from './customer.events';

/** Receivables of one order (欠款还款, 退赔、折价). */
export interface OrderAccount {
  readonly amount: number;
  readonly paid: number;
  readonly returned: number;
  readonly discounted: number;
}

/** outstanding = invoiced − paid − returned − discounted; negative means the company owes the customer. */
export interface CustomerTotals {
  readonly invoiced: number;
  readonly paid: number;
  readonly returned: number;
  readonly discounted: number;
  readonly outstanding: number;
}

/** The customer file's profile, its personal data: a person has individual facts, an organisation organisation facts. */
export interface PersonProfile {
  readonly kind: 'person';
  readonly name: string;
  readonly contacts: CustomerContacts;
  readonly individual: IndividualFacts;
}

export interface OrganisationProfile {
  readonly kind: 'organisation';
  readonly name: string;
  readonly contacts: CustomerContacts;
  readonly organisation: OrganisationFacts;
}

export type CustomerProfileState = PersonProfile | OrganisationProfile;

/** The latest 5C assessment (信用5C); a customer not assessed yet has none and no credit limit. */
export interface CreditAssessment {
  readonly rating: CreditRating;
  readonly creditLimit: number;
  readonly assessedAt: string;
}

/** The latest real-name verification (实名管理). */
export interface IdentityVerification {
  readonly verifiedOn: string;
  readonly reverifyBy: string;
}

export interface AbsentCustomer {
  readonly exists: false;
}

/** What every registered customer has besides its profile. */
export interface RegisteredCustomerRecord {
  readonly exists: true;
  readonly customerId: string;
  /** Set when the customer was registered from a won lead. */
  readonly fromLeadId: string | undefined;
  readonly ownerId: string;
  readonly teamId: string;
  readonly customerClass: CustomerClass;
  readonly contracts: readonly string[];
  readonly orders: Readonly<Record<string, OrderAccount>>;
  /** Ids already used, so a repeated command cannot count money twice. */
  readonly paymentIds: readonly string[];
  readonly returnIds: readonly string[];
  readonly discountIds: readonly string[];
  readonly totals: CustomerTotals;
  readonly credit: CreditAssessment | undefined;
  readonly identity: IdentityVerification | undefined;
  /** Rewards this customer earned as a referrer, by rewardId. */
  readonly referralRewards: ReferralRewards;
}

/** The profile's fields sit beside the rest, so `kind` tells which facts the customer has. */
export type RegisteredCustomer = RegisteredCustomerRecord & CustomerProfileState;

/** `exists` is the discriminant, as for leads: every command but the registration needs a registered customer. */
export type CustomerState = AbsentCustomer | RegisteredCustomer;

const ZERO_TOTALS: CustomerTotals = { invoiced: 0, paid: 0, returned: 0, discounted: 0, outstanding: 0 };

export const initialCustomerState: CustomerState = { exists: false };

/** A difference of money; `+ 0` turns the -0 that money() gives for tiny negatives into 0. */
const difference = (value: number): number => money(value) + 0;

export const orderOutstanding = (order: OrderAccount): number =>
  difference(order.amount - order.paid - order.returned - order.discounted);

const withOutstanding = (totals: Omit<CustomerTotals, 'outstanding'>): CustomerTotals => ({
  invoiced: money(totals.invoiced),
  paid: money(totals.paid),
  returned: money(totals.returned),
  discounted: money(totals.discounted),
  outstanding: difference(totals.invoiced - totals.paid - totals.returned - totals.discounted),
});

// ---------------------------------------------------------------- checks shared by several commands

// Typed wrappers so every refusal code is one of CUSTOMER_ERROR_CODES.
type Details = Record<string, unknown>;
const refuse = (code: Extract<CustomerErrorCode, RuleViolatedCode>, message: string, details: Details = {}) => ruleViolated(code, message, details);
const duplicate = (code: Extract<CustomerErrorCode, AlreadyExistsCode>, message: string, details: Details = {}) => alreadyExists(code, message, details);
const missing = (code: Extract<CustomerErrorCode, NotFoundCode>, message: string, details: Details = {}) => notFound(code, message, details);

const isBlank = (value: string | undefined | null): boolean => !value || value.trim() === '';
const isDate = (value: string): boolean => !Number.isNaN(Date.parse(value));

const invalidAmount = (field: string, value: unknown, rule: string): DomainError =>
  refuse('INVALID_AMOUNT', `${field} must be ${rule}.`, { field, value });

const requirePositive = (field: string, value: number): DomainError | null =>
  Number.isFinite(value) && value > 0 ? null : invalidAmount(field, value, 'a number greater than 0');

const requireNonNegative = (field: string, value: number): DomainError | null =>
  Number.isFinite(value) && value >= 0 ? null : invalidAmount(field, value, 'a number of 0 or more');

/** Calendar dates used in comparisons must parse, otherwise every comparison silently passes. */
const requireDates = (dates: Record<string, string | undefined>): DomainError | null => {
  const invalid = Object.entries(dates).filter(([, value]) => value !== undefined && !isDate(value));
  return invalid.length === 0
    ? null
    : refuse('INVALID_DATE', `Not a valid date: ${invalid.map(([field]) => field).join(', ')}.`, {
        invalid: Object.fromEntries(invalid),
      });
};

const requireName = (name: string): DomainError | null =>
  isBlank(name) ? refuse('NAME_REQUIRED', 'A customer needs a non-blank name.', { name }) : null;

/** Individual facts belong to people, organisation facts to organisations (two kinds of customer file). */
const requireFactsMatchKind = (
  kind: CustomerKind,
  facts: { individual?: unknown; organisation?: unknown },
): DomainError | null => {
  const section = kind === 'person' ? 'organisation' : 'individual';
  return facts[section] === undefined
    ? null
    : refuse('PROFILE_KIND_MISMATCH', `A customer of kind '${kind}' has no ${section} facts.`, { kind, section });
};

const findOrder = (state: RegisteredCustomer, orderId: string): OrderAccount | DomainError =>
  state.orders[orderId] ??
  refuse('ORDER_NOT_FOUND', `Customer ${state.customerId} has no order ${orderId}.`, {
    customerId: state.customerId,
    orderId,
  });

/** What is still owed on the order when one is named, otherwise by the customer as a whole. */
const outstandingOf = (state: RegisteredCustomer, orderId: string | undefined): number | DomainError => {
  if (orderId === undefined) return state.totals.outstanding;
  const order = findOrder(state, orderId);
  return order instanceof DomainError ? order : orderOutstanding(order);
};

const firstRefusal = (...checks: (() => DomainError | null)[]): DomainError | null => {
  for (const check of checks) {
    const refusal = check();
    if (refusal) return refusal;
  }
  return null;
};

// ---------------------------------------------------------------- decisions

const register = (command: RegisterCustomer, state: CustomerState): Decision<CustomerEvent> => {
  const data = command.data;
  if (state.exists) {
    return duplicate('CUSTOMER_ALREADY_EXISTS', `Customer ${data.customerId} already exists.`, {
      customerId: data.customerId,
    });
  }
  const refusal = firstRefusal(
    () => requireName(data.name),
    () => requireFactsMatchKind(data.kind, data),
    () =>
      (data.consent?.purposes ?? []).some((purpose) => !isBlank(purpose))
        ? null
        : refuse('CONSENT_REQUIRED', 'Customer data may only be kept for at least one stated purpose.', {
            consent: data.consent ?? null,
          }),
    () =>
      data.referredBy?.kind === 'customer' && data.referredBy.id === data.customerId
        ? refuse('SELF_REFERRAL', 'A customer cannot refer themselves.', { referredBy: data.referredBy })
        : null,
  );
  if (refusal) return refusal;
  return [
    {
      type: 'CustomerRegistered',
      version: 1,
      data: {
        customerId: data.customerId,
        fromLeadId: data.fromLeadId,
        kind: data.kind,
        name: data.name,
        contacts: data.contacts,
        individual: data.individual,
        organisation: data.organisation,
        ownerId: data.ownerId,
        teamId: data.teamId,
        customerClass: data.customerClass ?? DEFAULT_CUSTOMER_CLASS,
        source: data.source,
        referredBy: data.referredBy,
        consent: data.consent,
        at: command.context.occurredAt,
      },
    },
  ];
};

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((item, i) => item === b[i])
    : (a ?? null) === (b ?? null);

/** Lists the `section.field` paths whose requested value differs from the file. */
const diffSection = (
  section: string,
  fields: readonly string[],
  current: object | undefined,
  patch: object | undefined,
  changes: Record<string, ProfileChangeValue>,
): void => {
  if (!patch) return;
  const before = (current ?? {}) as Record<string, unknown>;
  const after = patch as Record<string, ProfileChangeValue | undefined>;
  for (const field of fields) {
    const value = after[field];
    if (value !== undefined && !sameValue(before[field], value)) changes[`${section}.${field}`] = value;
  }
};

const updateProfile = (command: UpdateCustomerProfile, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const refusal = firstRefusal(
    () => (data.name === undefined ? null : requireName(data.name)),
    () => requireFactsMatchKind(state.kind, data),
  );
  if (refusal) return refusal;
  const changes: Record<string, ProfileChangeValue> = {};
  if (data.name !== undefined && data.name !== state.name) changes.name = data.name;
  diffSection('contacts', CONTACT_FIELDS, state.contacts, data.contacts, changes);
  diffSection('individual', INDIVIDUAL_FIELDS, state.kind === 'person' ? state.individual : undefined, data.individual, changes);
  diffSection('organisation', ORGANISATION_FIELDS, state.kind === 'organisation' ? state.organisation : undefined, data.organisation, changes);
  const changedFields = Object.keys(changes);
  if (changedFields.length === 0) {
    return refuse('NO_CHANGES', 'The update changes nothing in the customer file.', {
      customerId: state.customerId,
    });
  }
  return [
    {
      type: 'CustomerProfileUpdated',
      version: 1,
      data: { customerId: data.customerId, changes, changedFields, at: command.context.occurredAt },
    },
  ];
};

const assess = (command: AssessCredit, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const invalidLimit = requireNonNegative('requestedLimit', data.requestedLimit);
  if (invalidLimit) return invalidLimit;
  const outcome = assessCredit(data.scores, data.requestedLimit);
  if (outcome instanceof DomainError) return outcome;
  return [
    {
      type: 'CreditAssessed',
      version: 1,
      data: {
        customerId: data.customerId,
        assessmentId: data.assessmentId,
        scores: data.scores,
        requestedLimit: money(data.requestedLimit),
        score: outcome.score,
        rating: outcome.rating,
        creditLimit: outcome.creditLimit,
        notes: data.notes,
        at: command.context.occurredAt,
      },
    },
  ];
};

const signContract = (command: SignContract, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const refusal = firstRefusal(
    () =>
      state.contracts.includes(data.contractId)
        ? duplicate('DUPLICATE_CONTRACT', `Contract ${data.contractId} is already on file.`, {
            customerId: state.customerId,
            contractId: data.contractId,
          })
        : null,
    () => requireNonNegative('amount', data.amount),
    () => requireDates({ signedOn: data.signedOn, startsOn: data.startsOn, endsOn: data.endsOn }),
    () =>
      data.startsOn !== undefined && data.endsOn !== undefined && Date.parse(data.endsOn) < Date.parse(data.startsOn)
        ? refuse('INVALID_CONTRACT_PERIOD', 'A contract cannot end before it starts.', {
            startsOn: data.startsOn,
            endsOn: data.endsOn,
          })
        : null,
  );
  if (refusal) return refusal;
  return [
    {
      type: 'ContractSigned',
      version: 1,
      data: {
        customerId: data.customerId,
        contractId: data.contractId,
        title: data.title,
        amount: money(data.amount),
        signedOn: data.signedOn,
        startsOn: data.startsOn,
        endsOn: data.endsOn,
        at: command.context.occurredAt,
      },
    },
  ];
};

const placeOrder = (command: PlaceOrder, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const items = data.items ?? [];
  const invalidItems = items
    .map((item, index) => ({ item, index }))
    .filter(
      ({ item }) =>
        isBlank(item.description) ||
        !(Number.isFinite(item.quantity) && item.quantity > 0) ||
        !(Number.isFinite(item.unitPrice) && item.unitPrice >= 0),
    )
    .map(({ index }) => index);
  const refusal = firstRefusal(
    () =>
      data.orderId in state.orders
        ? duplicate('DUPLICATE_ORDER', `Order ${data.orderId} is already on file.`, {
            customerId: state.customerId,
            orderId: data.orderId,
          })
        : null,
    () =>
      data.contractId !== undefined && !state.contracts.includes(data.contractId)
        ? refuse('CONTRACT_NOT_FOUND', `Customer ${state.customerId} has no contract ${data.contractId}.`, {
            customerId: state.customerId,
            contractId: data.contractId,
          })
        : null,
    () =>
      items.length > 0 && invalidItems.length === 0
        ? null
        : refuse(
            'INVALID_ORDER_ITEMS',
            'An order needs at least one item, each with a description, a quantity above 0 and a unit price of 0 or more.',
            { invalidItems, itemCount: items.length },
          ),
    () => requireDates({ dueOn: data.dueOn }),
  );
  if (refusal) return refusal;
  const amount = money(items.reduce((sum, item) => sum + money(item.quantity * item.unitPrice), 0));
  const override = isBlank(data.creditOverrideReason) ? undefined : data.creditOverrideReason;
  const { outstanding } = state.totals;
  if (state.credit && !override && money(outstanding + amount) > state.credit.creditLimit) {
    return refuse(
      'CREDIT_LIMIT_EXCEEDED',
      `Outstanding ${outstanding} plus this order's ${amount} exceeds the credit limit of ${state.credit.creditLimit}; ` +
        'give a creditOverrideReason to accept it anyway.',
      { creditLimit: state.credit.creditLimit, outstanding, orderAmount: amount },
    );
  }
  return [
    {
      type: 'OrderPlaced',
      version: 1,
      data: {
        customerId: data.customerId,
        orderId: data.orderId,
        contractId: data.contractId,
        items,
        amount,
        dueOn: data.dueOn,
        creditOverrideReason: override,
        at: command.context.occurredAt,
      },
    },
  ];
};

/**
 * Payments and discounts both settle part of what is owed: a new id, an amount above zero and no
 * more than is outstanding (on the order when one is named, else on the account). Returns the
 * rounded amount, or why it is refused.
 */
const settlement = (
  state: RegisteredCustomer,
  entry: { readonly kind: 'payment' | 'discount'; readonly id: string; readonly known: readonly string[]; readonly orderId?: string; readonly amount: number },
): number | DomainError => {
  const amount = money(entry.amount);
  const [duplicateCode, exceedsCode, noun] =
    entry.kind === 'payment'
      ? (['DUPLICATE_PAYMENT', 'PAYMENT_EXCEEDS_OUTSTANDING', 'A payment'] as const)
      : (['DUPLICATE_DISCOUNT', 'DISCOUNT_EXCEEDS_OUTSTANDING', 'A discount'] as const);
  const refusal = firstRefusal(
    () =>
      entry.known.includes(entry.id)
        ? duplicate(duplicateCode, `${entry.kind === 'payment' ? 'Payment' : 'Discount'} ${entry.id} is already ${entry.kind === 'payment' ? 'recorded' : 'granted'}.`, {
            customerId: state.customerId,
            [`${entry.kind}Id`]: entry.id,
          })
        : null,
    () => requirePositive('amount', amount),
  );
  if (refusal) return refusal;
  const outstanding = outstandingOf(state, entry.orderId);
  if (outstanding instanceof DomainError) return outstanding;
  if (amount > outstanding) {
    return refuse(exceedsCode, `${noun} of ${amount} exceeds the outstanding ${outstanding}${entry.orderId ? ` of order ${entry.orderId}` : ''}.`, {
      amount,
      outstanding,
      orderId: entry.orderId ?? null,
    });
  }
  return amount;
};

const recordPayment = (command: RecordPayment, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const amount = settlement(state, { kind: 'payment', id: data.paymentId, known: state.paymentIds, orderId: data.orderId, amount: data.amount });
  if (amount instanceof DomainError) return amount;
  return [
    {
      type: 'PaymentReceived',
      version: 1,
      data: { customerId: data.customerId, paymentId: data.paymentId, orderId: data.orderId, amount, method: data.method, at: command.context.occurredAt },
    },
  ];
};

const recordReturn = (command: RecordReturn, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const amount = money(data.amount);
  const refusal = firstRefusal(
    () =>
      state.returnIds.includes(data.returnId)
        ? duplicate('DUPLICATE_RETURN', `Return ${data.returnId} is already recorded.`, {
            customerId: state.customerId,
            returnId: data.returnId,
          })
        : null,
    () => requirePositive('amount', amount),
  );
  if (refusal) return refusal;
  const order = findOrder(state, data.orderId);
  if (order instanceof DomainError) return order;
  const returnable = difference(order.amount - order.returned);
  if (amount > returnable) {
    return refuse(
      'RETURN_EXCEEDS_ORDER',
      `A return of ${amount} exceeds the ${returnable} of order ${data.orderId} not yet returned.`,
      { amount, orderAmount: order.amount, alreadyReturned: order.returned, returnable },
    );
  }
  return [
    {
      type: 'ReturnRecorded',
      version: 1,
      data: {
        customerId: data.customerId,
        returnId: data.returnId,
        orderId: data.orderId,
        amount,
        reason: data.reason,
        at: command.context.occurredAt,
      },
    },
  ];
};

const grantDiscount = (command: GrantDiscount, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const amount = settlement(state, { kind: 'discount', id: data.discountId, known: state.discountIds, orderId: data.orderId, amount: data.amount });
  if (amount instanceof DomainError) return amount;
  return [
    {
      type: 'DiscountGranted',
      version: 1,
      data: { customerId: data.customerId, discountId: data.discountId, orderId: data.orderId, amount, reason: data.reason, at: command.context.occurredAt },
    },
  ];
};

/** Default re-verification date: verifiedOn + 365 days, as a calendar date. */
export const defaultReverifyBy = (verifiedOn: string): string =>
  addDays(verifiedOn, DEFAULT_REVERIFY_AFTER_DAYS).slice(0, 10);

const verifyIdentity = (command: VerifyIdentity, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  const invalidDate = requireDates({ verifiedOn: data.verifiedOn, reverifyBy: data.reverifyBy });
  if (invalidDate) return invalidDate;
  const reverifyBy = data.reverifyBy ?? defaultReverifyBy(data.verifiedOn);
  if (Date.parse(reverifyBy) <= Date.parse(data.verifiedOn)) {
    return refuse('INVALID_REVERIFY_DATE', 'The re-verification date must be after the verification date.', {
      verifiedOn: data.verifiedOn,
      reverifyBy,
    });
  }
  return [
    {
      type: 'IdentityVerified',
      version: 1,
      data: {
        customerId: data.customerId,
        verificationId: data.verificationId,
        method: data.method,
        documentType: data.documentType,
        documentNumber: data.documentNumber,
        verifiedOn: data.verifiedOn,
        reverifyBy,
        at: command.context.occurredAt,
      },
    },
  ];
};

const changeClass = (command: ChangeCustomerClass, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const data = command.data;
  if (data.to === state.customerClass) {
    return refuse('CLASS_UNCHANGED', `Customer ${state.customerId} is already of class '${data.to}'.`, {
      customerId: state.customerId,
      customerClass: data.to,
    });
  }
  return [
    {
      type: 'CustomerClassChanged',
      version: 1,
      data: {
        customerId: data.customerId,
        from: state.customerClass,
        to: data.to,
        reason: data.reason,
        at: command.context.occurredAt,
      },
    },
  ];
};

/** Distinct referred buyers whose reward was owed within the VIP window up to and including `until`. */
const referredBuyersInVipWindow = (rewards: ReferralRewards, until: string): number => {
  const from = Date.parse(addDays(until, -VIP_REFERRAL_WINDOW_DAYS));
  const to = Date.parse(until);
  const buyers = Object.values(rewards)
    .filter(({ owedAt }) => Date.parse(owedAt) >= from && Date.parse(owedAt) <= to)
    .map(({ referredLeadId }) => referredLeadId);
  return new Set(buyers).size;
};

/**
 * Owes the reward and, when it makes this customer's third referred buyer within a year, makes the
 * customer a VIP in the same decision (DOMAIN §1/§5, seed 003).
 */
const oweReferralReward = (command: OweReferralRewardToCustomer, state: RegisteredCustomer): Decision<CustomerEvent> => {
  const decision = decideOweReferralReward({ customerId: command.data.customerId }, state.referralRewards, command);
  if (decision instanceof DomainError || decision.length === 0) return decision;
  const [owed] = decision;
  const rewards = evolveReferralRewards(state.referralRewards, owed);
  if (state.customerClass === 'vip' || referredBuyersInVipWindow(rewards, owed.data.at) < VIP_REFERRAL_THRESHOLD) return decision;
  return [
    owed,
    {
      type: 'CustomerClassChanged',
      version: 1,
      data: { customerId: command.data.customerId, from: state.customerClass, to: 'vip', reason: VIP_REFERRAL_REASON, at: owed.data.at },
    },
  ];
};

const decide = (command: CustomerCommand, state: CustomerState): Decision<CustomerEvent> => {
  if (command.type === 'RegisterCustomer') return register(command, state);
  if (!state.exists) {
    return missing('CUSTOMER_NOT_FOUND', `Customer ${command.data.customerId} does not exist.`, {
      customerId: command.data.customerId,
    });
  }
  switch (command.type) {
    case 'UpdateCustomerProfile':
      return updateProfile(command, state);
    case 'AssessCredit':
      return assess(command, state);
    case 'SignContract':
      return signContract(command, state);
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'RecordPayment':
      return recordPayment(command, state);
    case 'RecordReturn':
      return recordReturn(command, state);
    case 'GrantDiscount':
      return grantDiscount(command, state);
    case 'VerifyIdentity':
      return verifyIdentity(command, state);
    case 'ChangeCustomerClass':
      return changeClass(command, state);
    case 'OweReferralReward':
      return oweReferralReward(command, state);
    case 'PayReferralReward':
      return decidePayReferralReward({ customerId: command.data.customerId }, state.referralRewards, command);
  }
};

// ---------------------------------------------------------------- evolution

/**
 * Applies `section.field` paths to a profile; `null` removes an optional fact, and a section the
 * customer's kind does not have is left out. Exported as the one implementation of a profile patch.
 */
export const patchCustomerProfile = (profile: CustomerProfileState, event: CustomerProfileUpdated): CustomerProfileState => {
  const sections: Record<string, Record<string, unknown>> = {
    contacts: { ...profile.contacts },
    individual: { ...(profile.kind === 'person' ? profile.individual : {}) },
    organisation: { ...(profile.kind === 'organisation' ? profile.organisation : {}) },
  };
  let name = profile.name;
  for (const [path, value] of Object.entries(event.data.changes)) {
    if (path === 'name') {
      name = value as string;
      continue;
    }
    const [section, field] = path.split('.');
    if (!sections[section]) continue;
    if (value === null) delete sections[section][field];
    else sections[section][field] = value;
  }
  const contacts = sections.contacts as unknown as CustomerContacts;
  return profile.kind === 'person'
    ? { kind: 'person', name, contacts, individual: sections.individual as IndividualFacts }
    : { kind: 'organisation', name, contacts, organisation: sections.organisation as OrganisationFacts };
};

/** Adds a paid/returned/discounted amount to one order; an unattached amount leaves orders alone. */
const addToOrder = (
  orders: RegisteredCustomer['orders'],
  orderId: string | undefined,
  field: Exclude<keyof OrderAccount, 'amount'>,
  amount: number,
): RegisteredCustomer['orders'] => {
  const order = orderId === undefined ? undefined : orders[orderId];
  return order && orderId !== undefined ? { ...orders, [orderId]: { ...order, [field]: money(order[field] + amount) } } : orders;
};

const addToTotals = (totals: CustomerTotals, change: Partial<Omit<CustomerTotals, 'outstanding'>>): CustomerTotals =>
  withOutstanding({
    invoiced: totals.invoiced + (change.invoiced ?? 0),
    paid: totals.paid + (change.paid ?? 0),
    returned: totals.returned + (change.returned ?? 0),
    discounted: totals.discounted + (change.discounted ?? 0),
  });

const registration = (event: CustomerRegistered): RegisteredCustomer => {
  const data = event.data;
  const profile: CustomerProfileState =
    data.kind === 'person'
      ? { kind: 'person', name: data.name, contacts: data.contacts, individual: data.individual ?? {} }
      : { kind: 'organisation', name: data.name, contacts: data.contacts, organisation: data.organisation ?? {} };
  return {
    exists: true,
    customerId: data.customerId,
    fromLeadId: data.fromLeadId,
    ...profile,
    ownerId: data.ownerId,
    teamId: data.teamId,
    customerClass: data.customerClass,
    contracts: [],
    orders: {},
    paymentIds: [],
    returnIds: [],
    discountIds: [],
    totals: ZERO_TOTALS,
    credit: undefined,
    identity: undefined,
    referralRewards: {},
  };
};

const evolveRegistered = (state: RegisteredCustomer, event: CustomerEvent): RegisteredCustomer => {
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return { ...state, ...patchCustomerProfile(state, event) };
    case 'CreditAssessed':
      return {
        ...state,
        credit: { rating: event.data.rating, creditLimit: event.data.creditLimit, assessedAt: event.data.at },
      };
    case 'ContractSigned':
      return { ...state, contracts: [...state.contracts, event.data.contractId] };
    case 'OrderPlaced':
      return {
        ...state,
        orders: { ...state.orders, [event.data.orderId]: { amount: event.data.amount, paid: 0, returned: 0, discounted: 0 } },
        totals: addToTotals(state.totals, { invoiced: event.data.amount }),
      };
    case 'PaymentReceived':
      return {
        ...state,
        paymentIds: [...state.paymentIds, event.data.paymentId],
        orders: addToOrder(state.orders, event.data.orderId, 'paid', event.data.amount),
        totals: addToTotals(state.totals, { paid: event.data.amount }),
      };
    case 'ReturnRecorded':
      return {
        ...state,
        returnIds: [...state.returnIds, event.data.returnId],
        orders: addToOrder(state.orders, event.data.orderId, 'returned', event.data.amount),
        totals: addToTotals(state.totals, { returned: event.data.amount }),
      };
    case 'DiscountGranted':
      return {
        ...state,
        discountIds: [...state.discountIds, event.data.discountId],
        orders: addToOrder(state.orders, event.data.orderId, 'discounted', event.data.amount),
        totals: addToTotals(state.totals, { discounted: event.data.amount }),
      };
    case 'IdentityVerified':
      return { ...state, identity: { verifiedOn: event.data.verifiedOn, reverifyBy: event.data.reverifyBy } };
    case 'CustomerClassChanged':
      return { ...state, customerClass: event.data.to };
    case 'ReferralRewardOwed':
    case 'ReferralRewardPaid':
      return { ...state, referralRewards: evolveReferralRewards(state.referralRewards, event) };
    default:
      // Unknown (newer) event types leave the state as it is rather than breaking a replay.
      return state;
  }
};

const evolve = (state: CustomerState, event: CustomerEvent): CustomerState => {
  // A registration starts the file afresh, whatever came before.
  if (event.type === 'CustomerRegistered') return registration(event);
  // The decider appends nothing else to an absent customer: such an event has no file to change.
  if (!state.exists) return state;
  return evolveRegistered(state, event);
};

export const customerDecider: Decider<CustomerCommand, CustomerState, CustomerEvent> = {
  initialState: initialCustomerState,
  decide,
  evolve,
};
