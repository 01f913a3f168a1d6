/**
 * How money changes hands: customers pay orders, the company pays referral rewards. Lives in shared/
 * so both the customer and the lead vocabulary use one list without importing each other.
 */
export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'card', 'cheque', 'online', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
