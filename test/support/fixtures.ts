/** Valid request bodies to start from; tests override what they exercise. */
export const personLead = (overrides: Record<string, unknown> = {}) => ({
  kind: 'person',
  name: 'Li Wei',
  contacts: { phones: ['+86 138 0013 8000'], emails: ['li.wei@example.com'] },
  source: 'referral',
  ownerId: 'rep-1',
  teamId: 'team-east',
  productInterest: ['crm-suite'],
  expectedAmount: 50000,
  consent: { purposes: ['sales_contact'] },
  ...overrides,
});

export const organisationLead = (overrides: Record<string, unknown> = {}) => ({
  kind: 'organisation',
  name: 'Hangzhou Tea Trading Co.',
  contacts: { phones: ['+86 571 8888 0000'], emails: [], address: '1 West Lake Road, Hangzhou' },
  organisation: { legalName: 'Hangzhou Tea Trading Co., Ltd.', region: 'Zhejiang', industry: 'wholesale', headcount: 120, branches: ['Ningbo'], annualSpend: 200000 },
  source: 'trade_show',
  ownerId: 'rep-2',
  teamId: 'team-east',
  productInterest: ['erp'],
  consent: { purposes: ['sales_contact', 'marketing'] },
  ...overrides,
});

export const customer = (overrides: Record<string, unknown> = {}) => ({
  kind: 'person',
  name: 'Zhang Min',
  contacts: { phones: ['+86 139 0000 1111'], emails: [] },
  ownerId: 'rep-1',
  teamId: 'team-east',
  consent: { purposes: ['sales_contact'] },
  ...overrides,
});

export const complaint = (customerId: string, overrides: Record<string, unknown> = {}) => ({
  customerId,
  category: 'delivery',
  touchpoint: 'delivery',
  severity: 'medium',
  channel: 'phone',
  description: 'Order arrived three days late',
  ...overrides,
});
