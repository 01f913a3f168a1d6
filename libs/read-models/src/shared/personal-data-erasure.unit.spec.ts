import { DomainEvent } from '@app/domain/shared';
import { mapPersonalData, personalDataOf } from '@app/domain/personal-data';
import { PROJECTIONS } from '../index';
import { project } from '@app/projection-engine';
import { LogEntry, recordLog } from '../testing/event-log';
import { complaintEvents } from '../testing/complaint-events';
import { activityLogged, consentWithdrawn, leadCaptured, leadQualified, stageAdvanced } from '../testing/lead-events';
import { personalDataErased, readAsErased } from '../testing/subject-events';

/*
 * Every read model, one person's whole story with a canary in every field the personal-data catalogue
 * names: after PersonalDataErased no document holds any of it, and each read model equals the one
 * rebuilt from the erased log. A new personal field copied into a read model without erasing it fails here.
 */

const PERSON = 'lead-canary';
const OTHER = 'lead-other';
const at = (day: number) => `2024-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;

const canaries: string[] = [];
/** Every personal text of the event replaced by a fresh canary (each item of a list its own). */
const withCanaries = (event: DomainEvent): DomainEvent => {
  const spec = personalDataOf(event.type, event.version);
  if (!spec) return event;
  return {
    ...event,
    data: mapPersonalData(spec, event.data, () => {
      canaries.push(`CANARY-${canaries.length}-${Math.random().toString(36).slice(2, 8)}`);
      return canaries[canaries.length - 1];
    }),
  };
};

const on = (streamId: string, event: DomainEvent): LogEntry => ({ streamId, event: withCanaries(event) });
const qualified = leadQualified(PERSON, 'M+A+N', at(2));
const complaint = complaintEvents('cmp-canary', PERSON, [
  ['log', at(12), { description: 'x' }],
  ['resolve', at(13)],
  ['satisfaction', at(14), { expectedService: 4, perceivedService: 4, likelihoodToRecommend: 9, wouldBuyAgain: true, comment: 'x' }],
]);

const story: LogEntry[] = [
  on(`lead-${PERSON}`, leadCaptured(PERSON, at(1), {
    kind: 'organisation',
    name: 'x',
    contacts: { phones: ['x', 'x'], emails: ['x'], address: 'x', wechat: 'x' },
    organisation: { legalName: 'Canary Trading Co.', headName: 'x', headPhone: 'x' },
    source: 'referral',
    referredBy: { kind: 'lead', id: OTHER },
    consent: { purposes: ['sales_contact', 'marketing'] },
    notes: 'x',
  })),
  on(`lead-${PERSON}`, { ...qualified, data: { ...qualified.data, money: { has: true, evidence: 'x' }, authority: { has: true, evidence: 'x' }, need: { has: true, evidence: 'x' } } }),
  on(`lead-${PERSON}`, { ...activityLogged(PERSON, 'act-1', 'visit', at(3), at(9)), data: { ...activityLogged(PERSON, 'act-1', 'visit', at(3), at(9)).data, notes: 'x' } }),
  on(`lead-${PERSON}`, { ...consentWithdrawn(PERSON, ['marketing'], ['sales_contact'], at(4)), data: { ...consentWithdrawn(PERSON, ['marketing'], ['sales_contact'], at(4)).data, note: 'x' } }),
  on(`lead-${PERSON}`, stageAdvanced(PERSON, 'D', 'won', at(5), { wonAmount: 1_000 })),
  on(`customer-${PERSON}`, {
    type: 'CustomerRegistered',
    version: 1,
    data: {
      customerId: PERSON,
      fromLeadId: PERSON,
      kind: 'organisation',
      name: 'x',
      contacts: { phones: ['x'], emails: ['x'], address: 'x', wechat: 'x' },
      organisation: { legalName: 'Canary Trading Co.', headName: 'x', headPhone: 'x' },
      ownerId: 'rep-wang',
      teamId: 'team-east',
      customerClass: 'new',
      consent: { purposes: ['sales_contact'] },
      at: at(6),
    },
  }),
  on(`customer-${PERSON}`, {
    type: 'CustomerProfileUpdated',
    version: 1,
    data: { customerId: PERSON, changes: { name: 'x', 'contacts.phones': ['x'], 'organisation.headName': 'x' }, changedFields: ['name', 'contacts.phones', 'organisation.headName'], at: at(7) },
  }),
  on(`customer-${PERSON}`, {
    type: 'CreditAssessed',
    version: 1,
    data: { customerId: PERSON, assessmentId: 'cr-1', scores: { character: 4, capacity: 4, capital: 4, collateral: 4, conditions: 4 }, requestedLimit: 10_000, score: 20, rating: 'B', creditLimit: 7_500, notes: 'x', at: at(8) },
  }),
  on(`customer-${PERSON}`, {
    type: 'IdentityVerified',
    version: 1,
    data: { customerId: PERSON, verificationId: 'iv-1', method: 'id_card', documentNumber: 'x', verifiedOn: '2024-03-09', reverifyBy: '2025-03-09', at: at(9) },
  }),
  on(`customer-${PERSON}`, { type: 'OrderPlaced', version: 1, data: { customerId: PERSON, orderId: 'o-1', items: [{ description: 'Copier', quantity: 1, unitPrice: 1_000 }], amount: 1_000, at: at(10) } }),
  ...complaint.map((event) => on(`complaint-${event.data.complaintId}`, event)),
  // Another person, who stays.
  { streamId: `lead-${OTHER}`, event: leadCaptured(OTHER, at(1), { name: 'Kept Name' }) },
];

const erasure = personalDataErased(PERSON, [`lead-${PERSON}`, `customer-${PERSON}`, 'complaint-cmp-canary'], at(20));
const dump = (docs: Map<string, unknown>): string => JSON.stringify([...docs.values()]);

describe('PersonalDataErased across every read model', () => {
  it('the story carries a canary in every personal field it has (the test can see what it looks for)', () => {
    expect(canaries.length).toBeGreaterThanOrEqual(28);
    const before = PROJECTIONS.map((projection) => dump(project(projection, recordLog(story)))).join('\n');
    expect(canaries.filter((canary) => before.includes(canary)).length).toBeGreaterThan(0);
  });

  describe.each(PROJECTIONS.map((projection) => [projection.name, projection] as const))('%s', (_name, projection) => {
    const scrubbed = project(projection, recordLog([...story, erasure]));

    it('holds no personal text of the erased person', () => {
      const text = dump(scrubbed);
      expect(canaries.filter((canary) => text.includes(canary))).toEqual([]);
    });

    it('equals the read model rebuilt from the erased log', () => {
      expect(project(projection, recordLog([...readAsErased(story, PERSON), erasure]))).toEqual(scrubbed);
    });

    it("keeps the other person's data", () => {
      const kept = project(projection, recordLog(story));
      const other = (docs: Map<string, unknown>) => [...docs.entries()].filter(([id]) => id.includes(OTHER));
      expect(other(scrubbed)).toEqual(other(kept));
    });
  });
});
