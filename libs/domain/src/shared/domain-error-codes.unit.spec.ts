import { API_KEY_ERROR_CODES } from '../api-key/api-key.decider';
import { COMPLAINT_ERROR_CODES } from '../complaint/complaint.constants';
import { CUSTOMER_ERROR_CODES } from '../customer/customer.constants';
import { LEAD_ERROR_CODES } from '../lead/lead.constants';
import { SUBJECT_ERROR_CODES } from '../personal-data/subject.decider';
import { WEBHOOK_ERROR_CODES } from '../webhook/webhook.decider';
import { DOMAIN_ERROR_CODES, DomainErrorCode } from './domain-error-codes';
import { alreadyExists, DomainError, notFound, ruleViolated } from './domain-error';
import { REFERRAL_REWARD_ERROR_CODES } from './referral-rewards';

/** The codes each record's decider lists as its own (its specs prove it refuses with each). */
const LISTED: Record<string, readonly string[]> = {
  lead: LEAD_ERROR_CODES,
  customer: CUSTOMER_ERROR_CODES,
  complaint: COMPLAINT_ERROR_CODES,
  webhook: WEBHOOK_ERROR_CODES,
  apiKey: API_KEY_ERROR_CODES,
  subject: SUBJECT_ERROR_CODES,
  referralReward: REFERRAL_REWARD_ERROR_CODES,
};
/** Raised outside any decider: by the write path for a record the caller may not see, and by record-level access for an assignment out of scope. */
const OUTSIDE_DECIDERS: readonly DomainErrorCode[] = ['RECORD_NOT_FOUND', 'FORBIDDEN'];

describe('the catalogue of domain error codes', () => {
  it.each(Object.entries(LISTED))('holds every code the %s decider lists', (_record, codes) => {
    expect(codes.filter((code) => !Object.hasOwn(DOMAIN_ERROR_CODES, code))).toEqual([]);
  });

  it('holds no code that nothing refuses with', () => {
    const listed = new Set([...Object.values(LISTED).flat(), ...OUTSIDE_DECIDERS]);
    expect(Object.keys(DOMAIN_ERROR_CODES).filter((code) => !listed.has(code))).toEqual([]);
  });

  it('names each code in upper snake case', () => {
    expect(Object.keys(DOMAIN_ERROR_CODES).filter((code) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code))).toEqual([]);
  });

  it('gives a refusal the kind of its code', () => {
    expect(new DomainError('LEAD_CLOSED', 'closed').kind).toBe('rule_violated');
    expect(ruleViolated('ORDER_NOT_FOUND', 'no such order')).toMatchObject({ code: 'ORDER_NOT_FOUND', kind: 'rule_violated' });
    expect(notFound('LEAD_NOT_FOUND', 'no lead', { leadId: 'L-1' })).toMatchObject({ kind: 'not_found', details: { leadId: 'L-1' } });
    expect(alreadyExists('DUPLICATE_ORDER', 'twice')).toMatchObject({ kind: 'already_exists', message: 'twice' });
  });

  it('refuses at compile time a code outside it, or a code of another kind', () => {
    // @ts-expect-error not a code of the catalogue
    expect(() => new DomainError('LEAD_GONE', 'x')).not.toThrow();
    // @ts-expect-error LEAD_NOT_FOUND is a not_found code
    expect(ruleViolated('LEAD_NOT_FOUND', 'x').code).toBe('LEAD_NOT_FOUND');
    // @ts-expect-error LEAD_CLOSED is a rule_violated code
    expect(alreadyExists('LEAD_CLOSED', 'x').code).toBe('LEAD_CLOSED');
  });
});
