import { CustomerEvent } from '@app/domain/customer';
import { streamName } from '@app/domain/shared';
import { CUSTOMER_TIMELINE_LIMIT, customersProjection } from './customers.projection';
import { project } from '@app/projection-engine';
import { LogEntry, recordLog, redelivered } from '../testing/event-log';
import { personalDataErased, readAsErased } from '../testing/subject-events';

const ID = 'lead-huaxin'; // registered from a won lead: same id as the lead

const T = {
  registered: '2024-04-01T09:30:00.000Z',
  profile: '2024-04-02T09:00:00.000Z',
  credit: '2024-04-03T09:00:00.000Z',
  contract: '2024-04-05T09:00:00.000Z',
  order: '2024-04-06T09:00:00.000Z',
  secondOrder: '2024-05-06T09:00:00.000Z',
  payment: '2024-04-20T09:00:00.000Z',
  returned: '2024-04-22T09:00:00.000Z',
  discount: '2024-04-25T09:00:00.000Z',
  identity: '2024-04-02T11:00:00.000Z',
  classChange: '2024-06-01T09:00:00.000Z',
};

const onCustomer = (event: CustomerEvent): LogEntry => ({ streamId: streamName('customer', event.data.customerId), event });

const history: CustomerEvent[] = [
  {
    type: 'CustomerRegistered',
    version: 1,
    data: {
      customerId: ID,
      fromLeadId: ID,
      kind: 'organisation',
      name: 'Huaxin Printing',
      contacts: { phones: ['+86 21 5555 0101'], emails: ['purchasing@huaxin.example'] },
      organisation: { legalName: 'Shanghai Huaxin Printing Co., Ltd.', region: 'Shanghai', headcount: 120 },
      ownerId: 'rep-li',
      teamId: 'team-north',
      customerClass: 'new',
      source: 'referral',
      referredBy: { kind: 'customer', id: 'cust-zhang' },
      consent: { purposes: ['sales_contact'] },
      at: T.registered,
    },
  },
  {
    type: 'CustomerProfileUpdated',
    version: 1,
    data: {
      customerId: ID,
      changes: { 'organisation.headcount': 150, 'organisation.mainNeeds': 'Colour printing for packaging', 'contacts.wechat': 'huaxin_buy' },
      changedFields: ['organisation.headcount', 'organisation.mainNeeds', 'contacts.wechat'],
      at: T.profile,
    },
  },
  {
    type: 'CreditAssessed',
    version: 1,
    data: {
      customerId: ID,
      assessmentId: 'credit-1',
      scores: { character: 5, capacity: 4, capital: 4, collateral: 3, conditions: 4 },
      requestedLimit: 200_000,
      score: 4,
      rating: 'B',
      creditLimit: 150_000,
      at: T.credit,
    },
  },
  {
    type: 'ContractSigned',
    version: 1,
    data: { customerId: ID, contractId: 'ct-2024-07', title: 'Copier fleet 2024', amount: 92_500, signedOn: '2024-04-05', endsOn: '2025-04-04', at: T.contract },
  },
  {
    type: 'OrderPlaced',
    version: 1,
    data: {
      customerId: ID,
      orderId: 'ord-1',
      contractId: 'ct-2024-07',
      items: [{ sku: 'MX-3071', description: 'Colour copier', quantity: 5, unitPrice: 12_000 }],
      amount: 60_000,
      dueOn: '2024-05-06',
      at: T.order,
    },
  },
  { type: 'OrderPlaced', version: 1, data: { customerId: ID, orderId: 'ord-2', items: [{ description: 'Toner, 20 boxes', quantity: 20, unitPrice: 450 }], amount: 9_000, at: T.secondOrder } },
  { type: 'PaymentReceived', version: 1, data: { customerId: ID, paymentId: 'pay-1', orderId: 'ord-1', amount: 30_000, method: 'bank_transfer', at: T.payment } },
  { type: 'ReturnRecorded', version: 1, data: { customerId: ID, returnId: 'ret-1', orderId: 'ord-1', amount: 12_000, reason: 'One copier arrived damaged', at: T.returned } },
  { type: 'DiscountGranted', version: 1, data: { customerId: ID, discountId: 'disc-1', amount: 500.5, reason: 'Late delivery', at: T.discount } },
  // Recorded late (after the orders) but verified on 2 April: the timeline places it by business time.
  {
    type: 'IdentityVerified',
    version: 1,
    data: { customerId: ID, verificationId: 'ver-1', method: 'business_license', documentNumber: '91310000MA1FL0000X', verifiedOn: '2024-04-02', reverifyBy: '2025-04-02', at: T.identity },
  },
  { type: 'CustomerClassChanged', version: 1, data: { customerId: ID, from: 'new', to: 'retained', reason: 'Second order placed', at: T.classChange } },
];

const docsOf = (events: readonly CustomerEvent[] = history) => project(customersProjection, recordLog(events.map(onCustomer)));

describe('customers projection', () => {
  const doc = docsOf().get(ID)!;

  it('keeps the basic data of the file, patched by profile updates', () => {
    expect(doc).toMatchObject({
      _id: ID,
      _position: 11,
      customerId: ID,
      profile: {
        kind: 'organisation',
        name: 'Huaxin Printing',
        contacts: { phones: ['+86 21 5555 0101'], emails: ['purchasing@huaxin.example'], wechat: 'huaxin_buy' },
        individual: null,
        organisation: { legalName: 'Shanghai Huaxin Printing Co., Ltd.', region: 'Shanghai', headcount: 150, mainNeeds: 'Colour printing for packaging' },
      },
      ownerId: 'rep-li',
      teamId: 'team-north',
      customerClass: 'retained',
      source: 'referral',
      referredBy: { kind: 'customer', id: 'cust-zhang' },
      fromLeadId: ID,
      registeredAt: T.registered,
      consentPurposes: ['sales_contact'],
      searchText: 'huaxin printing shanghai huaxin printing co., ltd.',
    });
  });

  it('keeps contracts, orders with their receivables, and the money that came back', () => {
    expect(doc.contracts).toEqual([
      { contractId: 'ct-2024-07', title: 'Copier fleet 2024', amount: 92_500, signedOn: '2024-04-05', startsOn: null, endsOn: '2025-04-04' },
    ]);
    expect(doc.orders.map(({ orderId, contractId, amount, dueOn, placedAt, paid, returned, discounted, outstanding }) => ({
      orderId, contractId, amount, dueOn, placedAt, paid, returned, discounted, outstanding,
    }))).toEqual([
      { orderId: 'ord-1', contractId: 'ct-2024-07', amount: 60_000, dueOn: '2024-05-06', placedAt: T.order, paid: 30_000, returned: 12_000, discounted: 0, outstanding: 18_000 },
      { orderId: 'ord-2', contractId: null, amount: 9_000, dueOn: null, placedAt: T.secondOrder, paid: 0, returned: 0, discounted: 0, outstanding: 9_000 },
    ]);
    // The discount was granted on the account, not on an order: only the totals move.
    expect(doc.receivables).toEqual({ invoiced: 69_000, paid: 30_000, returned: 12_000, discounted: 500.5, outstanding: 26_499.5 });
    expect(doc.payments).toEqual([{ paymentId: 'pay-1', orderId: 'ord-1', amount: 30_000, method: 'bank_transfer', at: T.payment }]);
    expect(doc.returns).toEqual([{ returnId: 'ret-1', orderId: 'ord-1', amount: 12_000, reason: 'One copier arrived damaged', at: T.returned }]);
    expect(doc.discounts).toEqual([{ discountId: 'disc-1', orderId: null, amount: 500.5, reason: 'Late delivery', at: T.discount }]);
    expect(doc.trading).toEqual({ orderCount: 2, firstOrderAt: T.order, lastOrderAt: T.secondOrder, totalOrdered: 69_000 });
  });

  it('keeps credit, identity (without the document number) and the class history', () => {
    expect(doc.credit).toEqual({
      rating: 'B',
      creditLimit: 150_000,
      score: 4,
      scores: { character: 5, capacity: 4, capital: 4, collateral: 3, conditions: 4 },
      assessedAt: T.credit,
    });
    expect(doc.identity).toEqual({ method: 'business_license', verifiedOn: '2024-04-02', reverifyBy: '2025-04-02' });
    expect(JSON.stringify(doc)).not.toContain('91310000MA1FL0000X');
    expect(doc.classHistory).toEqual([
      { from: null, to: 'new', reason: null, at: T.registered },
      { from: 'new', to: 'retained', reason: 'Second order placed', at: T.classChange },
    ]);
  });

  it('writes a timeline in business-time order, newest last', () => {
    expect(doc.timeline.map((entry) => [entry.at, entry.summary])).toEqual([
      [T.registered, 'Registered from lead lead-huaxin'],
      [T.profile, 'Profile updated: organisation.headcount, organisation.mainNeeds, contacts.wechat'],
      [T.identity, 'Identity verified (business_license), re-verify by 2025-04-02'],
      [T.credit, 'Credit assessed: rating B, limit 150000.00'],
      [T.contract, 'Contract ct-2024-07 signed: Copier fleet 2024, 92500.00'],
      [T.order, 'Order ord-1 placed: 60000.00'],
      [T.payment, 'Payment pay-1 received: 30000.00 by bank_transfer'],
      [T.returned, 'Return ret-1 on order ord-1: 12000.00'],
      [T.discount, 'Discount disc-1 granted: 500.50'],
      [T.secondOrder, 'Order ord-2 placed: 9000.00'],
      [T.classChange, 'Class changed from new to retained'],
    ]);
    expect(doc.timeline.find((entry) => entry.type === 'IdentityVerified')?.position).toBe(10);
  });

  it('gives each timeline entry its kind and values, for readers to word in their language', () => {
    const { at, type, summary, position, ...order } = doc.timeline.find((entry) => entry.kind === 'order_placed')!;
    expect([at, type, summary, position]).toEqual([T.order, 'OrderPlaced', 'Order ord-1 placed: 60000.00', expect.any(Number)]);
    expect(order).toEqual({ kind: 'order_placed', orderId: 'ord-1', amount: 60000 });
    expect(doc.timeline.map((entry) => entry.kind)).toEqual([
      'registered',
      'profile_updated',
      'identity_verified',
      'credit_assessed',
      'contract_signed',
      'order_placed',
      'payment_received',
      'return_recorded',
      'discount_granted',
      'order_placed',
      'class_changed',
    ]);
    expect(doc.timeline.map(({ at: _at, type: _type, summary: _summary, position: _position, ...facts }) => facts).slice(0, 5)).toEqual([
      { kind: 'registered', fromLeadId: 'lead-huaxin' },
      { kind: 'profile_updated', changedFields: ['organisation.headcount', 'organisation.mainNeeds', 'contacts.wechat'] },
      { kind: 'identity_verified', method: 'business_license', reverifyBy: '2025-04-02' },
      { kind: 'credit_assessed', rating: 'B', creditLimit: 150000 },
      { kind: 'contract_signed', contractId: 'ct-2024-07', title: 'Copier fleet 2024', amount: 92500 },
    ]);
    expect(doc.timeline.at(-1)).toMatchObject({ kind: 'class_changed', from: 'new', to: 'retained' });
  });

  it(`keeps only the latest ${CUSTOMER_TIMELINE_LIMIT} timeline entries`, () => {
    const payments: CustomerEvent[] = Array.from({ length: 120 }, (_, i) => ({
      type: 'PaymentReceived',
      version: 1,
      data: { customerId: ID, paymentId: `pay-${i + 10}`, amount: 10, method: 'cash', at: new Date(Date.UTC(2024, 6, 1) + i * 3_600_000).toISOString() },
    }));
    const busy = docsOf([...history, ...payments]).get(ID)!;
    expect(busy.timeline).toHaveLength(CUSTOMER_TIMELINE_LIMIT);
    expect(busy.timeline[CUSTOMER_TIMELINE_LIMIT - 1].summary).toBe('Payment pay-129 received: 10.00 by cash');
    expect(busy.payments).toHaveLength(121);
    expect(busy.receivables.paid).toBe(31_200);
  });

  it('ignores events of a customer that was never registered', () => {
    expect(docsOf([{ type: 'PaymentReceived', version: 1, data: { customerId: 'cust-ghost', paymentId: 'p', amount: 5, method: 'cash', at: T.payment } }]).size).toBe(0);
  });

  it('applied twice equals applied once (redelivered events and a replayed batch change nothing)', () => {
    const log = recordLog(history.map(onCustomer));
    const once = project(customersProjection, log);
    expect(project(customersProjection, redelivered(log))).toEqual(once);
    expect(once.get(ID)!.receivables.paid).toBe(30_000);
  });
});

describe('customers projection: PersonalDataErased', () => {
  const erasedAt = '2024-07-01T09:00:00.000Z';
  const person: CustomerEvent[] = [
    {
      type: 'CustomerRegistered',
      version: 1,
      data: {
        customerId: 'cust-wu',
        kind: 'person',
        name: 'Wu Lan',
        contacts: { phones: ['+86 138 0000 0002', '021 5555 0102'], emails: ['wu.lan@example.cn'], address: '8 Nanjing Rd, Shanghai' },
        individual: { education: 'Tongji University', family: 'Two children', interests: 'Go (weiqi)' },
        ownerId: 'rep-li',
        teamId: 'team-north',
        customerClass: 'new',
        consent: { purposes: ['sales_contact'] },
        at: T.registered,
      },
    },
    { type: 'CustomerProfileUpdated', version: 1, data: { customerId: 'cust-wu', changes: { 'contacts.wechat': 'wulan88', 'individual.personalLife': 'Marathon runner' }, changedFields: ['contacts.wechat', 'individual.personalLife'], at: T.profile } },
    { type: 'OrderPlaced', version: 1, data: { customerId: 'cust-wu', orderId: 'ord-9', items: [{ description: 'Desktop printer', quantity: 1, unitPrice: 3_000 }], amount: 3_000, at: T.order } },
    { type: 'PaymentReceived', version: 1, data: { customerId: 'cust-wu', paymentId: 'pay-9', orderId: 'ord-9', amount: 1_000, method: 'cash', at: T.payment } },
  ];
  const entries = [...history, ...person].map(onCustomer);
  const erasure = personalDataErased('cust-wu', ['customer-cust-wu'], erasedAt);
  const before = project(customersProjection, recordLog(entries)).get('cust-wu')!;
  const docs = project(customersProjection, recordLog([...entries, erasure]));
  const scrubbed = docs.get('cust-wu')!;

  it('replaces every personal field of the profile with the erased marker, item by item', () => {
    expect(scrubbed.profile).toEqual({
      kind: 'person',
      name: '[erased]',
      contacts: { phones: ['[erased]', '[erased]'], emails: ['[erased]'], address: '[erased]', wechat: '[erased]' },
      individual: { education: '[erased]', family: '[erased]', interests: '[erased]', personalLife: '[erased]' },
      organisation: null,
    });
    expect(scrubbed).toMatchObject({ searchText: '', personalDataErasedAt: erasedAt });
    expect(JSON.stringify(scrubbed)).not.toMatch(/Wu Lan|0000 0002|5555 0102|wu\.lan|Nanjing|Tongji|children|weiqi|wulan88|Marathon/);
  });

  it('keeps the archive: orders, receivables, payments, class and timeline', () => {
    const { profile: _p, searchText: _s, personalDataErasedAt: _e, _position: _x, ...facts } = scrubbed;
    const { profile: _p0, searchText: _s0, personalDataErasedAt: _e0, _position: _x0, ...factsBefore } = before;
    expect(facts).toEqual(factsBefore);
    expect(scrubbed.receivables).toMatchObject({ invoiced: 3_000, paid: 1_000, outstanding: 2_000 });
  });

  it("erases an organisation head's name and phone but keeps the organisation's facts", () => {
    const org = [...entries, personalDataErased(ID, [`customer-${ID}`], erasedAt)];
    const withHead = org.map((entry) =>
      entry.event.type === 'CustomerRegistered' && (entry.event.data as { customerId: string }).customerId === ID
        ? { ...entry, event: { ...entry.event, data: { ...(entry.event.data as object), organisation: { legalName: 'Shanghai Huaxin Printing Co., Ltd.', headName: 'Zhang Wei', headPhone: '13900000000' } } } }
        : entry,
    );
    expect(project(customersProjection, recordLog(withHead)).get(ID)!.profile.organisation).toEqual({
      legalName: 'Shanghai Huaxin Printing Co., Ltd.',
      headName: '[erased]',
      headPhone: '[erased]',
      headcount: 150,
      mainNeeds: 'Colour printing for packaging',
    });
  });

  it('equals the file rebuilt from the erased log, and leaves the other customers alone', () => {
    expect(project(customersProjection, recordLog([...readAsErased(entries, 'cust-wu'), erasure])).get('cust-wu')).toEqual(scrubbed);
    expect(docs.get(ID)!.profile.name).toBe('Huaxin Printing');
  });
});
