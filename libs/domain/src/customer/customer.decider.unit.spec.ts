import { DomainError, DomainErrorKind, fold } from '../shared';
import { decideGiven } from '../shared/given-when-then';
import { CustomerCommand } from './customer.commands';
import {
  CUSTOMER_ERROR_CODES,
  CustomerErrorCode,
  VIP_REFERRAL_REASON,
  VIP_REFERRAL_THRESHOLD,
  VIP_REFERRAL_WINDOW_DAYS,
} from './customer.constants';
import { customerDecider, RegisteredCustomer } from './customer.decider';
import {
  ContractSigned,
  CreditAssessed,
  CustomerEvent,
  CustomerRegistered,
  DiscountGranted,
  OrderPlaced,
  PaymentReceived,
  ReferralRewardOwedToCustomer,
  ReferralRewardPaidToCustomer,
  ReturnRecorded,
} from './customer.events';

const CUSTOMER_ID = 'cust-1';
const T0 = '2024-03-01T09:00:00.000Z';
const T1 = '2024-03-02T10:30:00.000Z';

type CommandOf<T extends CustomerCommand['type']> = Extract<CustomerCommand, { type: T }>;

/** A command for CUSTOMER_ID at business time T1. */
const when = <T extends CustomerCommand['type']>(
  type: T,
  data: Omit<CommandOf<T>['data'], 'customerId'>,
  occurredAt = T1,
): CommandOf<T> =>
  ({ type, data: { customerId: CUSTOMER_ID, ...data }, context: { occurredAt, now: occurredAt, actor: 'rep-7' } }) as unknown as CommandOf<T>;

const decide = (given: readonly CustomerEvent[], command: CustomerCommand) => decideGiven(customerDecider, given, command);

/** The state the events leave, which must be a registered customer. */
const registeredBy = (events: readonly CustomerEvent[]): RegisteredCustomer => {
  const state = fold(customerDecider, events);
  if (!state.exists) throw new Error('The given events register no customer.');
  return state;
};

// ---------------------------------------------------------------- given events

const registered = (data: Partial<CustomerRegistered['data']> = {}): CustomerRegistered => ({
  type: 'CustomerRegistered',
  version: 1,
  data: {
    customerId: CUSTOMER_ID,
    kind: 'person',
    name: 'Wang Li',
    contacts: { phones: ['+86 138 0000 0000'], emails: ['wang.li@example.com'], address: '1 Nanjing Road' },
    individual: { education: 'BSc', interests: 'go' },
    ownerId: 'rep-7',
    teamId: 'team-east',
    customerClass: 'new',
    consent: { purposes: ['sales_contact'] },
    at: T0,
    ...data,
  },
});

const organisation = registered({
  kind: 'organisation',
  name: 'Acme Seating Ltd',
  individual: undefined,
  organisation: { region: 'Shanghai', headcount: 120 },
});

const creditAssessed = (creditLimit: number): CreditAssessed => ({
  type: 'CreditAssessed',
  version: 1,
  data: {
    customerId: CUSTOMER_ID,
    assessmentId: 'ca-1',
    scores: { character: 5, capacity: 5, capital: 5, collateral: 5, conditions: 5 },
    requestedLimit: creditLimit,
    score: 25,
    rating: 'A',
    creditLimit,
    at: T0,
  },
});

const contractSigned = (contractId = 'k-1'): ContractSigned => ({
  type: 'ContractSigned',
  version: 1,
  data: { customerId: CUSTOMER_ID, contractId, title: 'Supply 2024', amount: 10_000, signedOn: '2024-03-01', at: T0 },
});

const orderPlaced = (orderId: string, amount: number): OrderPlaced => ({
  type: 'OrderPlaced',
  version: 1,
  data: {
    customerId: CUSTOMER_ID,
    orderId,
    items: [{ description: 'Seat', quantity: 1, unitPrice: amount }],
    amount,
    at: T0,
  },
});

const paymentReceived = (paymentId: string, amount: number, orderId?: string): PaymentReceived => ({
  type: 'PaymentReceived',
  version: 1,
  data: { customerId: CUSTOMER_ID, paymentId, orderId, amount, method: 'bank_transfer', at: T0 },
});

const returnRecorded = (returnId: string, orderId: string, amount: number): ReturnRecorded => ({
  type: 'ReturnRecorded',
  version: 1,
  data: { customerId: CUSTOMER_ID, returnId, orderId, amount, reason: 'damaged', at: T0 },
});

const discountGranted = (discountId: string, amount: number, orderId?: string): DiscountGranted => ({
  type: 'DiscountGranted',
  version: 1,
  data: { customerId: CUSTOMER_ID, discountId, orderId, amount, reason: 'loyalty', at: T0 },
});

const rewardOwed = (rewardId: string, at: string, referredLeadId = `lead-of-${rewardId}`, amount = 25): ReferralRewardOwedToCustomer => ({
  type: 'ReferralRewardOwed',
  version: 1,
  data: { customerId: CUSTOMER_ID, rewardId, referredLeadId, amount, at },
});

const rewardPaid = (rewardId: string, at = T1): ReferralRewardPaidToCustomer => ({
  type: 'ReferralRewardPaid',
  version: 1,
  data: { customerId: CUSTOMER_ID, rewardId, referredLeadId: `lead-of-${rewardId}`, amount: 25, at },
});

const oweReward = (rewardId: string, at = T1, referredLeadId = `lead-of-${rewardId}`) =>
  when('OweReferralReward', { rewardId, referredLeadId, amount: 25 }, at);

const registerPerson = when('RegisterCustomer', {
  kind: 'person',
  name: 'Wang Li',
  contacts: { phones: ['+86 138 0000 0000'], emails: [] },
  individual: { family: 'married, two children' },
  ownerId: 'rep-7',
  teamId: 'team-east',
  consent: { purposes: ['sales_contact'] },
});

// ---------------------------------------------------------------- happy paths

describe('customer decider', () => {
  describe('RegisterCustomer', () => {
    it('registers a person as a new customer by default', () => {
      expect(decide([], registerPerson)).toEqual([
        {
          type: 'CustomerRegistered',
          version: 1,
          data: {
            customerId: CUSTOMER_ID,
            kind: 'person',
            name: 'Wang Li',
            contacts: { phones: ['+86 138 0000 0000'], emails: [] },
            individual: { family: 'married, two children' },
            ownerId: 'rep-7',
            teamId: 'team-east',
            customerClass: 'new',
            consent: { purposes: ['sales_contact'] },
            at: T1,
          },
        },
      ]);
    });

    it('registers an organisation from a won lead, keeping lead, class, source and referrer', () => {
      const decision = decide(
        [],
        when('RegisterCustomer', {
          fromLeadId: 'lead-9',
          kind: 'organisation',
          name: 'Acme Seating Ltd',
          contacts: { phones: [], emails: ['buyer@acme.example'] },
          organisation: { legalName: 'Acme Seating Co., Ltd.', headcount: 120, mainNeeds: 'car seats' },
          ownerId: 'rep-7',
          teamId: 'team-east',
          customerClass: 'vip',
          source: 'referral',
          referredBy: { kind: 'customer', id: 'cust-0' },
          consent: { purposes: ['sales_contact', 'marketing'] },
        }),
      );
      expect(decision).toMatchObject([
        {
          type: 'CustomerRegistered',
          data: {
            fromLeadId: 'lead-9',
            kind: 'organisation',
            organisation: { legalName: 'Acme Seating Co., Ltd.', headcount: 120, mainNeeds: 'car seats' },
            customerClass: 'vip',
            source: 'referral',
            referredBy: { kind: 'customer', id: 'cust-0' },
          },
        },
      ]);
    });
  });

  describe('UpdateCustomerProfile', () => {
    it('lists only the facts that differ, by field path', () => {
      const decision = decide(
        [registered()],
        when('UpdateCustomerProfile', {
          name: 'Wang Li',
          contacts: { phones: ['+86 138 0000 0000'], emails: ['li.wang@example.com'], address: null },
          individual: { education: 'MBA', interests: 'go' },
        }),
      );
      expect(decision).toEqual([
        {
          type: 'CustomerProfileUpdated',
          version: 1,
          data: {
            customerId: CUSTOMER_ID,
            changes: { 'contacts.emails': ['li.wang@example.com'], 'contacts.address': null, 'individual.education': 'MBA' },
            changedFields: ['contacts.emails', 'contacts.address', 'individual.education'],
            at: T1,
          },
        },
      ]);
    });

    it('patches organisation facts and the name', () => {
      expect(
        decide([organisation], when('UpdateCustomerProfile', { name: 'Acme Seats', organisation: { headcount: 150 } })),
      ).toMatchObject([
        { data: { changes: { name: 'Acme Seats', 'organisation.headcount': 150 }, changedFields: ['name', 'organisation.headcount'] } },
      ]);
    });

    it('evolves the file: sets new values and clears nulls', () => {
      const update = decide(
        [registered()],
        when('UpdateCustomerProfile', { name: 'Wang Lei', contacts: { address: null, wechat: 'wl88' }, individual: { education: 'MBA' } }),
      ) as CustomerEvent[];
      const state = registeredBy([registered(), ...update]);
      expect(state.name).toBe('Wang Lei');
      expect(state.contacts).toEqual({ phones: ['+86 138 0000 0000'], emails: ['wang.li@example.com'], wechat: 'wl88' });
      expect(state.kind === 'person' && state.individual).toEqual({ education: 'MBA', interests: 'go' });
      expect(state).not.toHaveProperty('organisation');
    });
  });

  describe('AssessCredit', () => {
    it('records scores, rating and limit from the 5C rule', () => {
      expect(
        decide(
          [registered()],
          when('AssessCredit', {
            assessmentId: 'ca-2',
            scores: { character: 4, capacity: 4, capital: 3, collateral: 3, conditions: 3 },
            requestedLimit: 20_000,
            notes: 'stable income',
          }),
        ),
      ).toEqual([
        {
          type: 'CreditAssessed',
          version: 1,
          data: {
            customerId: CUSTOMER_ID,
            assessmentId: 'ca-2',
            scores: { character: 4, capacity: 4, capital: 3, collateral: 3, conditions: 3 },
            requestedLimit: 20_000,
            score: 17,
            rating: 'B',
            creditLimit: 15_000,
            notes: 'stable income',
            at: T1,
          },
        },
      ]);
    });

    it('caps an unwilling payer at D with no credit', () => {
      expect(
        decide(
          [registered()],
          when('AssessCredit', {
            assessmentId: 'ca-3',
            scores: { character: 1, capacity: 5, capital: 5, collateral: 5, conditions: 5 },
            requestedLimit: 20_000,
          }),
        ),
      ).toMatchObject([{ data: { score: 21, rating: 'D', creditLimit: 0 } }]);
    });

    it('keeps the latest assessment in state', () => {
      const state = registeredBy([registered(), creditAssessed(5_000), { ...creditAssessed(8_000), data: { ...creditAssessed(8_000).data, at: T1 } }]);
      expect(state.credit).toEqual({ rating: 'A', creditLimit: 8_000, assessedAt: T1 });
    });
  });

  describe('SignContract', () => {
    it('files the contract', () => {
      expect(
        decide(
          [registered()],
          when('SignContract', {
            contractId: 'k-2',
            title: 'Service 2024',
            amount: 1234.5,
            signedOn: '2024-03-02',
            startsOn: '2024-04-01',
            endsOn: '2025-03-31',
          }),
        ),
      ).toEqual([
        {
          type: 'ContractSigned',
          version: 1,
          data: {
            customerId: CUSTOMER_ID,
            contractId: 'k-2',
            title: 'Service 2024',
            amount: 1234.5,
            signedOn: '2024-03-02',
            startsOn: '2024-04-01',
            endsOn: '2025-03-31',
            at: T1,
          },
        },
      ]);
      expect(registeredBy([registered(), contractSigned('k-1'), contractSigned('k-2')]).contracts).toEqual(['k-1', 'k-2']);
    });
  });

  describe('PlaceOrder', () => {
    const items = [
      { sku: 'S-1', description: 'Seat', quantity: 3, unitPrice: 19.99 },
      { description: 'Bolt', quantity: 1, unitPrice: 0.1 },
      { description: 'Nut', quantity: 2, unitPrice: 0.2 },
    ];

    it('computes the amount from the items, rounded to cents', () => {
      expect(decide([registered(), contractSigned()], when('PlaceOrder', { orderId: 'o-1', contractId: 'k-1', items, dueOn: '2024-04-01' }))).toEqual([
        {
          type: 'OrderPlaced',
          version: 1,
          data: { customerId: CUSTOMER_ID, orderId: 'o-1', contractId: 'k-1', items, amount: 60.47, dueOn: '2024-04-01', at: T1 },
        },
      ]);
    });

    it('has no limit before any credit assessment', () => {
      const big = [{ description: 'Fleet', quantity: 100, unitPrice: 10_000 }];
      expect(decide([registered()], when('PlaceOrder', { orderId: 'o-1', items: big }))).toMatchObject([{ data: { amount: 1_000_000 } }]);
    });

    it('accepts an order that brings the outstanding exactly to the credit limit', () => {
      const given = [registered(), creditAssessed(1_000), orderPlaced('o-1', 600)];
      const order = when('PlaceOrder', { orderId: 'o-2', items: [{ description: 'Seat', quantity: 2, unitPrice: 200 }] });
      expect(decide(given, order)).toMatchObject([{ type: 'OrderPlaced', data: { amount: 400 } }]);
    });

    it('counts payments as freeing up credit', () => {
      const given = [registered(), creditAssessed(1_000), orderPlaced('o-1', 1_000), paymentReceived('p-1', 500, 'o-1')];
      const order = when('PlaceOrder', { orderId: 'o-2', items: [{ description: 'Seat', quantity: 1, unitPrice: 500 }] });
      expect(decide(given, order)).toMatchObject([{ type: 'OrderPlaced' }]);
    });

    it('accepts an order beyond the limit with an override reason, and keeps the reason', () => {
      const given = [registered(), creditAssessed(1_000), orderPlaced('o-1', 900)];
      const order = when('PlaceOrder', {
        orderId: 'o-2',
        items: [{ description: 'Seat', quantity: 1, unitPrice: 500 }],
        creditOverrideReason: 'approved by sales director',
      });
      expect(decide(given, order)).toMatchObject([{ data: { amount: 500, creditOverrideReason: 'approved by sales director' } }]);
    });
  });

  describe('RecordPayment', () => {
    it('records a payment against an order, up to its outstanding amount', () => {
      expect(
        decide([registered(), orderPlaced('o-1', 300)], when('RecordPayment', { paymentId: 'p-1', orderId: 'o-1', amount: 300, method: 'cash' })),
      ).toEqual([
        { type: 'PaymentReceived', version: 1, data: { customerId: CUSTOMER_ID, paymentId: 'p-1', orderId: 'o-1', amount: 300, method: 'cash', at: T1 } },
      ]);
    });

    it('records a payment on account, up to what the customer owes', () => {
      const given = [registered(), orderPlaced('o-1', 300), orderPlaced('o-2', 200)];
      expect(decide(given, when('RecordPayment', { paymentId: 'p-1', amount: 450, method: 'online' }))).toMatchObject([
        { type: 'PaymentReceived', data: { amount: 450 } },
      ]);
    });
  });

  describe('RecordReturn', () => {
    it('records a return up to what was not yet returned', () => {
      const given = [registered(), orderPlaced('o-1', 300), returnRecorded('r-1', 'o-1', 100)];
      expect(decide(given, when('RecordReturn', { returnId: 'r-2', orderId: 'o-1', amount: 200, reason: 'wrong colour' }))).toEqual([
        {
          type: 'ReturnRecorded',
          version: 1,
          data: { customerId: CUSTOMER_ID, returnId: 'r-2', orderId: 'o-1', amount: 200, reason: 'wrong colour', at: T1 },
        },
      ]);
    });

    it('allows returning a paid order (the customer is then owed money)', () => {
      const given = [registered(), orderPlaced('o-1', 300), paymentReceived('p-1', 300, 'o-1')];
      const events = decide(given, when('RecordReturn', { returnId: 'r-1', orderId: 'o-1', amount: 300, reason: 'defect' })) as CustomerEvent[];
      expect(registeredBy([...given, ...events]).totals.outstanding).toBe(-300);
    });
  });

  describe('GrantDiscount', () => {
    it('grants an order discount up to the order outstanding', () => {
      const given = [registered(), orderPlaced('o-1', 300), paymentReceived('p-1', 100, 'o-1')];
      expect(decide(given, when('GrantDiscount', { discountId: 'd-1', orderId: 'o-1', amount: 200, reason: 'late delivery' }))).toEqual([
        {
          type: 'DiscountGranted',
          version: 1,
          data: { customerId: CUSTOMER_ID, discountId: 'd-1', orderId: 'o-1', amount: 200, reason: 'late delivery', at: T1 },
        },
      ]);
    });

    it('grants a general discount up to what the customer owes', () => {
      expect(decide([registered(), orderPlaced('o-1', 300)], when('GrantDiscount', { discountId: 'd-1', amount: 300, reason: 'goodwill' }))).toMatchObject([
        { type: 'DiscountGranted', data: { amount: 300 } },
      ]);
    });
  });

  describe('VerifyIdentity', () => {
    it('defaults re-verification to one year (365 days) later', () => {
      expect(decide([registered()], when('VerifyIdentity', { verificationId: 'v-1', method: 'id_card', documentType: 'resident id', documentNumber: '3101…', verifiedOn: '2024-03-01' }))).toEqual([
        {
          type: 'IdentityVerified',
          version: 1,
          data: {
            customerId: CUSTOMER_ID,
            verificationId: 'v-1',
            method: 'id_card',
            documentType: 'resident id',
            documentNumber: '3101…',
            verifiedOn: '2024-03-01',
            reverifyBy: '2025-03-01',
            at: T1,
          },
        },
      ]);
    });

    it('keeps an explicit re-verification date, and tracks it in state', () => {
      const events = decide(
        [registered()],
        when('VerifyIdentity', { verificationId: 'v-1', method: 'business_license', verifiedOn: '2024-03-01', reverifyBy: '2024-09-01' }),
      ) as CustomerEvent[];
      expect(events).toMatchObject([{ data: { reverifyBy: '2024-09-01' } }]);
      expect(registeredBy([registered(), ...events]).identity).toEqual({ verifiedOn: '2024-03-01', reverifyBy: '2024-09-01' });
    });
  });

  describe('ChangeCustomerClass', () => {
    it('records the move from the current class', () => {
      const events = decide([registered()], when('ChangeCustomerClass', { to: 'vip', reason: 'referred three buyers this year' })) as CustomerEvent[];
      expect(events).toEqual([
        { type: 'CustomerClassChanged', version: 1, data: { customerId: CUSTOMER_ID, from: 'new', to: 'vip', reason: 'referred three buyers this year', at: T1 } },
      ]);
      expect(registeredBy([registered(), ...events]).customerClass).toBe('vip');
    });
  });

  describe('referral rewards (this customer is the referrer)', () => {
    it('owes a reward for the referred lead', () => {
      expect(decide([registered()], when('OweReferralReward', { rewardId: 'rw-1', referredLeadId: 'lead-5', amount: 25 }))).toEqual([
        { type: 'ReferralRewardOwed', version: 1, data: { customerId: CUSTOMER_ID, rewardId: 'rw-1', referredLeadId: 'lead-5', amount: 25, at: T1 } },
      ]);
    });

    it('is idempotent: owing the same reward id again yields no events', () => {
      expect(decide([registered(), rewardOwed('rw-1', T0)], oweReward('rw-1'))).toEqual([]);
    });

    it('pays the owed amount by default and tracks both in state', () => {
      const given = [registered(), rewardOwed('rw-1', T0)];
      const events = decide(given, when('PayReferralReward', { rewardId: 'rw-1', method: 'online', reference: 'WX-1' })) as CustomerEvent[];
      expect(events).toEqual([
        { type: 'ReferralRewardPaid', version: 1, data: { customerId: CUSTOMER_ID, rewardId: 'rw-1', referredLeadId: 'lead-of-rw-1', amount: 25, method: 'online', reference: 'WX-1', at: T1 } },
      ]);
      expect(registeredBy([...given, ...events]).referralRewards).toEqual({
        'rw-1': { referredLeadId: 'lead-of-rw-1', amount: 25, owedAt: T0, paidAt: T1 },
      });
    });
  });

  describe(`VIP by referrals (${VIP_REFERRAL_THRESHOLD} referred buyers within ${VIP_REFERRAL_WINDOW_DAYS} days)`, () => {
    const vipChange = (from: string, at: string) => ({
      type: 'CustomerClassChanged',
      version: 1,
      data: { customerId: CUSTOMER_ID, from, to: 'vip', reason: VIP_REFERRAL_REASON, at },
    });

    it('does not change the class at the second referral', () => {
      expect(decide([registered(), rewardOwed('rw-1', '2024-01-10T09:00:00.000Z')], oweReward('rw-2', '2024-06-01T09:00:00.000Z'))).toEqual([
        rewardOwed('rw-2', '2024-06-01T09:00:00.000Z'),
      ]);
    });

    it('makes the customer a VIP in the same decision as the third reward within a year, after it', () => {
      const given = [registered({ customerClass: 'retained' }), rewardOwed('rw-1', '2024-01-10T09:00:00.000Z'), rewardOwed('rw-2', '2024-06-01T09:00:00.000Z')];
      const events = decide(given, oweReward('rw-3', '2024-12-01T09:00:00.000Z')) as CustomerEvent[];
      expect(events).toEqual([rewardOwed('rw-3', '2024-12-01T09:00:00.000Z'), vipChange('retained', '2024-12-01T09:00:00.000Z')]);
      expect(registeredBy([...given, ...events]).customerClass).toBe('vip');
    });

    it('counts paid rewards too, and a reward owed exactly 365 days earlier', () => {
      const third = '2024-12-31T09:00:00.000Z';
      const given = [registered(), rewardOwed('rw-1', '2024-01-01T09:00:00.000Z'), rewardPaid('rw-1'), rewardOwed('rw-2', '2024-06-01T09:00:00.000Z')];
      expect(decide(given, oweReward('rw-3', third))).toEqual([rewardOwed('rw-3', third), vipChange('new', third)]);
    });

    it('does not count three referrals spread over more than a year', () => {
      const given = [registered(), rewardOwed('rw-1', '2024-01-01T08:59:59.999Z'), rewardOwed('rw-2', '2024-06-01T09:00:00.000Z')];
      expect(decide(given, oweReward('rw-3', '2024-12-31T09:00:00.000Z'))).toEqual([rewardOwed('rw-3', '2024-12-31T09:00:00.000Z')]);
    });

    it('does not count rewards owed after this one (a back-dated reward looks back from its own time)', () => {
      const given = [registered(), rewardOwed('rw-1', '2024-06-01T09:00:00.000Z'), rewardOwed('rw-2', '2024-07-01T09:00:00.000Z')];
      expect(decide(given, oweReward('rw-3', '2024-05-01T09:00:00.000Z'))).toHaveLength(1);
    });

    it('counts buyers, not rewards: two rewards for the same referred lead count once', () => {
      const given = [registered(), rewardOwed('rw-1', '2024-01-10T09:00:00.000Z', 'lead-a'), rewardOwed('rw-2', '2024-02-10T09:00:00.000Z', 'lead-a')];
      expect(decide(given, oweReward('rw-3', '2024-03-10T09:00:00.000Z', 'lead-b'))).toHaveLength(1);
    });

    it('leaves a customer who is already a VIP as they are', () => {
      const given = [registered({ customerClass: 'vip' }), rewardOwed('rw-1', '2024-01-10T09:00:00.000Z'), rewardOwed('rw-2', '2024-02-10T09:00:00.000Z')];
      expect(decide(given, oweReward('rw-3', '2024-03-10T09:00:00.000Z'))).toEqual([rewardOwed('rw-3', '2024-03-10T09:00:00.000Z')]);
    });

    it('does not promote again on a repeated third reward (idempotent: no events at all)', () => {
      const given = [registered(), rewardOwed('rw-1', '2024-01-10T09:00:00.000Z'), rewardOwed('rw-2', '2024-02-10T09:00:00.000Z'), rewardOwed('rw-3', '2024-03-10T09:00:00.000Z')];
      expect(decide(given, oweReward('rw-3', '2024-03-10T09:00:00.000Z'))).toEqual([]);
    });
  });

  // ---------------------------------------------------------------- evolve

  describe('state', () => {
    it('starts empty', () => {
      expect(customerDecider.initialState).toEqual({ exists: false });
    });

    it('keeps the file facts of a registration', () => {
      expect(registeredBy([registered({ fromLeadId: 'lead-9' })])).toMatchObject({
        exists: true,
        customerId: CUSTOMER_ID,
        fromLeadId: 'lead-9',
        kind: 'person',
        name: 'Wang Li',
        ownerId: 'rep-7',
        teamId: 'team-east',
        customerClass: 'new',
        contracts: [],
        totals: { invoiced: 0, paid: 0, returned: 0, discounted: 0, outstanding: 0 },
        credit: undefined,
        identity: undefined,
      });
    });

    it('keeps receivables per order and in total: outstanding = invoiced − paid − returned − discounted', () => {
      const state = registeredBy([
        registered(),
        orderPlaced('o-a', 1_000),
        orderPlaced('o-b', 500),
        paymentReceived('p-1', 400, 'o-a'),
        paymentReceived('p-2', 50),
        returnRecorded('r-1', 'o-b', 100),
        discountGranted('d-1', 50, 'o-a'),
        discountGranted('d-2', 25),
      ]);
      expect(state.orders).toEqual({
        'o-a': { amount: 1_000, paid: 400, returned: 0, discounted: 50 },
        'o-b': { amount: 500, paid: 0, returned: 100, discounted: 0 },
      });
      expect(state.totals).toEqual({ invoiced: 1_500, paid: 450, returned: 100, discounted: 75, outstanding: 875 });
      expect(state.paymentIds).toEqual(['p-1', 'p-2']);
      expect(state.returnIds).toEqual(['r-1']);
      expect(state.discountIds).toEqual(['d-1', 'd-2']);
    });

    it('rounds money to cents so many small amounts do not drift', () => {
      const state = registeredBy([
        registered(),
        orderPlaced('o-1', 0.3),
        paymentReceived('p-1', 0.1, 'o-1'),
        paymentReceived('p-2', 0.1, 'o-1'),
        paymentReceived('p-3', 0.1, 'o-1'),
      ]);
      expect(state.totals).toMatchObject({ paid: 0.3, outstanding: 0 });
      expect(state.orders['o-1'].paid).toBe(0.3);
    });

    it('keeps an organisation file without individual facts', () => {
      const state = registeredBy([registered({ kind: 'organisation', individual: undefined, name: 'Acme' })]);
      expect(state).toMatchObject({ kind: 'organisation', name: 'Acme', organisation: {} });
      expect(state).not.toHaveProperty('individual');
    });

    it('leaves an absent customer absent on any event but the registration', () => {
      expect(customerDecider.evolve(customerDecider.initialState, orderPlaced('o-1', 10))).toBe(customerDecider.initialState);
    });

    it('ignores event types it does not know', () => {
      const before = registeredBy([registered()]);
      expect(customerDecider.evolve(before, { type: 'SomethingNew', version: 1, data: {} } as unknown as CustomerEvent)).toBe(before);
    });
  });

  // ---------------------------------------------------------------- refusals

  interface Refusal {
    readonly code: CustomerErrorCode;
    readonly why: string;
    readonly given: readonly CustomerEvent[];
    readonly command: CustomerCommand;
    readonly kind?: DomainErrorKind;
    readonly details?: Record<string, unknown>;
  }

  const order = (orderId: string, unitPrice: number, extra: Partial<CommandOf<'PlaceOrder'>['data']> = {}) =>
    when('PlaceOrder', { orderId, items: [{ description: 'Seat', quantity: 1, unitPrice }], ...extra });

  const refusals: Refusal[] = [
    { code: 'CUSTOMER_ALREADY_EXISTS', why: 'registering twice', given: [registered()], command: registerPerson, kind: 'already_exists', details: { customerId: CUSTOMER_ID } },
    { code: 'CUSTOMER_NOT_FOUND', why: 'updating a customer never registered', given: [], command: when('UpdateCustomerProfile', { name: 'X' }), kind: 'not_found', details: { customerId: CUSTOMER_ID } },
    { code: 'CUSTOMER_NOT_FOUND', why: 'placing an order for a customer never registered', given: [], command: order('o-1', 10), kind: 'not_found' },
    { code: 'NAME_REQUIRED', why: 'registering a blank name', given: [], command: { ...registerPerson, data: { ...registerPerson.data, name: '  ' } } },
    { code: 'NAME_REQUIRED', why: 'blanking the name', given: [registered()], command: when('UpdateCustomerProfile', { name: '' }) },
    {
      code: 'PROFILE_KIND_MISMATCH',
      why: 'registering a person with organisation facts',
      given: [],
      command: { ...registerPerson, data: { ...registerPerson.data, organisation: { region: 'Shanghai' } } },
      details: { kind: 'person', section: 'organisation' },
    },
    {
      code: 'PROFILE_KIND_MISMATCH',
      why: 'giving an organisation individual facts',
      given: [organisation],
      command: when('UpdateCustomerProfile', { individual: { education: 'MBA' } }),
      details: { kind: 'organisation', section: 'individual' },
    },
    { code: 'CONSENT_REQUIRED', why: 'registering without a stated purpose', given: [], command: { ...registerPerson, data: { ...registerPerson.data, consent: { purposes: [] } } } },
    {
      code: 'SELF_REFERRAL',
      why: 'a customer referring themselves',
      given: [],
      command: { ...registerPerson, data: { ...registerPerson.data, referredBy: { kind: 'customer', id: CUSTOMER_ID } } },
    },
    { code: 'NO_CHANGES', why: 'an update that changes nothing', given: [registered()], command: when('UpdateCustomerProfile', { name: 'Wang Li', contacts: { emails: ['wang.li@example.com'] }, individual: { family: null } }) },
    { code: 'NO_CHANGES', why: 'an empty update', given: [registered()], command: when('UpdateCustomerProfile', {}) },
    {
      code: 'INVALID_AMOUNT',
      why: 'a negative requested credit limit',
      given: [registered()],
      command: when('AssessCredit', { assessmentId: 'ca-1', scores: { character: 3, capacity: 3, capital: 3, collateral: 3, conditions: 3 }, requestedLimit: -1 }),
      details: { field: 'requestedLimit', value: -1 },
    },
    { code: 'INVALID_AMOUNT', why: 'a negative contract amount', given: [registered()], command: when('SignContract', { contractId: 'k-1', title: 'T', amount: -5, signedOn: '2024-03-01' }) },
    { code: 'INVALID_AMOUNT', why: 'a zero payment', given: [registered(), orderPlaced('o-1', 100)], command: when('RecordPayment', { paymentId: 'p-1', amount: 0, method: 'cash' }), details: { field: 'amount', value: 0 } },
    { code: 'INVALID_AMOUNT', why: 'a negative return', given: [registered(), orderPlaced('o-1', 100)], command: when('RecordReturn', { returnId: 'r-1', orderId: 'o-1', amount: -1, reason: 'x' }) },
    { code: 'INVALID_AMOUNT', why: 'a discount that rounds to zero cents', given: [registered(), orderPlaced('o-1', 100)], command: when('GrantDiscount', { discountId: 'd-1', amount: 0.001, reason: 'x' }) },
    {
      code: 'INVALID_DATE',
      why: 'a contract date that does not parse',
      given: [registered()],
      command: when('SignContract', { contractId: 'k-1', title: 'T', amount: 5, signedOn: '2024-03-01', endsOn: 'soon' }),
      details: { invalid: { endsOn: 'soon' } },
    },
    { code: 'INVALID_DATE', why: 'a verification date that does not parse', given: [registered()], command: when('VerifyIdentity', { verificationId: 'v-1', method: 'passport', verifiedOn: '2024-13-45' }) },
    {
      code: 'INVALID_CREDIT_SCORE',
      why: 'scores outside 1–5 or not whole',
      given: [registered()],
      command: when('AssessCredit', { assessmentId: 'ca-1', scores: { character: 2.5, capacity: 3, capital: 6, collateral: 3, conditions: 3 }, requestedLimit: 1_000 }),
      details: { invalid: { character: 2.5, capital: 6 } },
    },
    {
      code: 'DUPLICATE_CONTRACT',
      why: 'signing a contract id twice',
      given: [registered(), contractSigned('k-1')],
      command: when('SignContract', { contractId: 'k-1', title: 'T', amount: 5, signedOn: '2024-03-01' }),
      kind: 'already_exists',
      details: { contractId: 'k-1' },
    },
    {
      code: 'INVALID_CONTRACT_PERIOD',
      why: 'a contract ending before it starts',
      given: [registered()],
      command: when('SignContract', { contractId: 'k-1', title: 'T', amount: 5, signedOn: '2024-03-01', startsOn: '2024-04-01', endsOn: '2024-03-31' }),
      details: { startsOn: '2024-04-01', endsOn: '2024-03-31' },
    },
    { code: 'DUPLICATE_ORDER', why: 'placing an order id twice', given: [registered(), orderPlaced('o-1', 10)], command: order('o-1', 10), kind: 'already_exists', details: { orderId: 'o-1' } },
    { code: 'CONTRACT_NOT_FOUND', why: 'ordering under an unknown contract', given: [registered(), contractSigned('k-1')], command: order('o-1', 10, { contractId: 'k-9' }), details: { contractId: 'k-9' } },
    { code: 'INVALID_ORDER_ITEMS', why: 'an order without items', given: [registered()], command: when('PlaceOrder', { orderId: 'o-1', items: [] }), details: { invalidItems: [], itemCount: 0 } },
    {
      code: 'INVALID_ORDER_ITEMS',
      why: 'an item with quantity 0 or a negative price',
      given: [registered()],
      command: when('PlaceOrder', {
        orderId: 'o-1',
        items: [
          { description: 'ok', quantity: 1, unitPrice: 1 },
          { description: 'none', quantity: 0, unitPrice: 1 },
          { description: 'refund?', quantity: 1, unitPrice: -1 },
        ],
      }),
      details: { invalidItems: [1, 2] },
    },
    {
      code: 'CREDIT_LIMIT_EXCEEDED',
      why: 'outstanding + order above the credit limit',
      given: [registered(), creditAssessed(1_000), orderPlaced('o-1', 900)],
      command: order('o-2', 100.01),
      details: { creditLimit: 1_000, outstanding: 900, orderAmount: 100.01 },
    },
    {
      code: 'CREDIT_LIMIT_EXCEEDED',
      why: 'any order under a D rating (limit 0), even with a blank override reason',
      given: [registered(), creditAssessed(0)],
      command: order('o-1', 1, { creditOverrideReason: '   ' }),
      details: { creditLimit: 0, outstanding: 0, orderAmount: 1 },
    },
    {
      code: 'DUPLICATE_PAYMENT',
      why: 'recording a payment id twice',
      given: [registered(), orderPlaced('o-1', 100), paymentReceived('p-1', 10)],
      command: when('RecordPayment', { paymentId: 'p-1', amount: 10, method: 'cash' }),
      kind: 'already_exists',
      details: { paymentId: 'p-1' },
    },
    { code: 'ORDER_NOT_FOUND', why: 'paying an unknown order', given: [registered(), orderPlaced('o-1', 100)], command: when('RecordPayment', { paymentId: 'p-1', orderId: 'o-9', amount: 10, method: 'cash' }), details: { orderId: 'o-9' } },
    { code: 'ORDER_NOT_FOUND', why: 'returning an unknown order', given: [registered()], command: when('RecordReturn', { returnId: 'r-1', orderId: 'o-9', amount: 10, reason: 'x' }), details: { orderId: 'o-9' } },
    { code: 'ORDER_NOT_FOUND', why: 'discounting an unknown order', given: [registered()], command: when('GrantDiscount', { discountId: 'd-1', orderId: 'o-9', amount: 10, reason: 'x' }), details: { orderId: 'o-9' } },
    {
      code: 'PAYMENT_EXCEEDS_OUTSTANDING',
      why: 'paying more than the order still owes',
      given: [registered(), orderPlaced('o-1', 100), orderPlaced('o-2', 500), paymentReceived('p-1', 60, 'o-1')],
      command: when('RecordPayment', { paymentId: 'p-2', orderId: 'o-1', amount: 40.01, method: 'card' }),
      details: { amount: 40.01, outstanding: 40, orderId: 'o-1' },
    },
    {
      code: 'PAYMENT_EXCEEDS_OUTSTANDING',
      why: 'paying on account more than the customer owes',
      given: [registered(), orderPlaced('o-1', 100), discountGranted('d-1', 30)],
      command: when('RecordPayment', { paymentId: 'p-1', amount: 71, method: 'cheque' }),
      details: { amount: 71, outstanding: 70, orderId: null },
    },
    {
      code: 'DUPLICATE_RETURN',
      why: 'recording a return id twice',
      given: [registered(), orderPlaced('o-1', 100), returnRecorded('r-1', 'o-1', 10)],
      command: when('RecordReturn', { returnId: 'r-1', orderId: 'o-1', amount: 10, reason: 'x' }),
      kind: 'already_exists',
    },
    {
      code: 'RETURN_EXCEEDS_ORDER',
      why: 'returning more than the order minus earlier returns',
      given: [registered(), orderPlaced('o-1', 100), returnRecorded('r-1', 'o-1', 70)],
      command: when('RecordReturn', { returnId: 'r-2', orderId: 'o-1', amount: 31, reason: 'x' }),
      details: { amount: 31, orderAmount: 100, alreadyReturned: 70, returnable: 30 },
    },
    {
      code: 'DUPLICATE_DISCOUNT',
      why: 'granting a discount id twice',
      given: [registered(), orderPlaced('o-1', 100), discountGranted('d-1', 10)],
      command: when('GrantDiscount', { discountId: 'd-1', amount: 10, reason: 'x' }),
      kind: 'already_exists',
    },
    {
      code: 'DISCOUNT_EXCEEDS_OUTSTANDING',
      why: 'discounting an order by more than it still owes',
      given: [registered(), orderPlaced('o-1', 100), paymentReceived('p-1', 90, 'o-1')],
      command: when('GrantDiscount', { discountId: 'd-1', orderId: 'o-1', amount: 11, reason: 'x' }),
      details: { amount: 11, outstanding: 10, orderId: 'o-1' },
    },
    {
      code: 'DISCOUNT_EXCEEDS_OUTSTANDING',
      why: 'a general discount larger than what the customer owes',
      given: [registered(), orderPlaced('o-1', 100)],
      command: when('GrantDiscount', { discountId: 'd-1', amount: 100.5, reason: 'x' }),
      details: { amount: 100.5, outstanding: 100, orderId: null },
    },
    {
      code: 'INVALID_REVERIFY_DATE',
      why: 're-verifying on the day of verification',
      given: [registered()],
      command: when('VerifyIdentity', { verificationId: 'v-1', method: 'in_person', verifiedOn: '2024-03-01', reverifyBy: '2024-03-01' }),
      details: { verifiedOn: '2024-03-01', reverifyBy: '2024-03-01' },
    },
    { code: 'CLASS_UNCHANGED', why: 'changing to the current class', given: [registered()], command: when('ChangeCustomerClass', { to: 'new' }), details: { customerClass: 'new' } },
    { code: 'CUSTOMER_NOT_FOUND', why: 'owing a reward to a customer never registered', given: [], command: oweReward('rw-1'), kind: 'not_found' },
    {
      code: 'INVALID_AMOUNT',
      why: 'a referral reward of 0',
      given: [registered()],
      command: when('OweReferralReward', { rewardId: 'rw-1', referredLeadId: 'lead-5', amount: 0 }),
      details: { customerId: CUSTOMER_ID, rewardId: 'rw-1', field: 'amount', value: 0 },
    },
    { code: 'REWARD_NOT_FOUND', why: 'paying a reward never owed', given: [registered(), rewardOwed('rw-1', T0)], command: when('PayReferralReward', { rewardId: 'rw-2' }), details: { customerId: CUSTOMER_ID, rewardId: 'rw-2' } },
    {
      code: 'REWARD_ALREADY_PAID',
      why: 'paying a reward twice',
      given: [registered(), rewardOwed('rw-1', T0), rewardPaid('rw-1')],
      command: when('PayReferralReward', { rewardId: 'rw-1' }),
      details: { rewardId: 'rw-1', paidAt: T1 },
    },
    {
      code: 'REWARD_AMOUNT_MISMATCH',
      why: 'paying another amount than the one owed',
      given: [registered(), rewardOwed('rw-1', T0)],
      command: when('PayReferralReward', { rewardId: 'rw-1', amount: 30 }),
      details: { rewardId: 'rw-1', owed: 25, amount: 30 },
    },
  ];

  describe('refusals', () => {
    it.each(refusals)('$code when $why', ({ code, given, command, kind = 'rule_violated', details = {} }) => {
      const decision = decide(given, command);
      expect(decision).toBeInstanceOf(DomainError);
      expect(decision).toMatchObject({ code, kind, details });
      expect((decision as DomainError).message).not.toBe('');
    });

    it('covers every refusal code the decider declares', () => {
      expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(CUSTOMER_ERROR_CODES));
    });
  });
});
