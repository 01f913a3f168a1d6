import { ComplaintDoc, CustomerDoc, daysBetween, ReferralDoc } from '@app/read-models';

/** Re-verification falls due this many days before `reverifyBy` (real-name records are re-checked periodically). */
const REVERIFY_NOTICE_DAYS = 30;

export type IdentityState = 'unverified' | 'verified' | 'reverification_due' | 'expired';

export const identityState = (customer: CustomerDoc, now: string): IdentityState => {
  if (!customer.identity) return 'unverified';
  const daysLeft = daysBetween(now, customer.identity.reverifyBy);
  return daysLeft < 0 ? 'expired' : daysLeft <= REVERIFY_NOTICE_DAYS ? 'reverification_due' : 'verified';
};

export type CustomerSummary = Omit<CustomerDoc, '_id' | '_position' | 'searchText' | 'timeline'> & { readonly identityState: IdentityState; readonly position: number };

export const toCustomerSummary = (doc: CustomerDoc, now: string): CustomerSummary => {
  const { _id, _position, searchText: _search, timeline: _timeline, ...customer } = doc;
  return { ...customer, identityState: identityState(doc, now), position: _position };
};

/** The customer file: the summary plus its timeline, complaints with satisfaction, and the referrals it made. */
export const toCustomerFile = (customer: CustomerDoc, complaints: readonly ComplaintDoc[], referrals: readonly ReferralDoc[], now: string) => {
  const answered = complaints.filter((c) => c.satisfaction);
  return {
    ...toCustomerSummary(customer, now),
    timeline: customer.timeline,
    complaints: complaints.map(({ _id, _position, ...complaint }) => complaint),
    satisfaction: {
      answers: answered.length,
      meanPerceived: answered.length ? answered.reduce((sum, c) => sum + c.satisfaction!.perceivedService, 0) / answered.length : null,
      wouldBuyAgain: answered.length ? answered.filter((c) => c.satisfaction!.wouldBuyAgain).length / answered.length : null,
    },
    referralsMade: referrals.map(({ _id, _position, ...referral }) => referral),
  };
};

export type CustomerFile = ReturnType<typeof toCustomerFile>;

/**
 * What a service agent sees of a customer whose complaint an admin assigned them: whom to call back
 * (name and contacts) and the customer's complaints; nothing of orders, money, credit or referrals.
 */
export const toComplaintContact = (customer: CustomerDoc, complaints: readonly ComplaintDoc[]) => ({
  customerId: customer.customerId,
  profile: { kind: customer.profile.kind, name: customer.profile.name, contacts: customer.profile.contacts },
  personalDataErasedAt: customer.personalDataErasedAt,
  complaints: complaints.map(({ _id, _position, ...complaint }) => complaint),
  position: customer._position,
});

export type ComplaintContact = ReturnType<typeof toComplaintContact>;
