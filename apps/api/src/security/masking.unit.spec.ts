import { MASKED, maskEvent, seesPersonalDataMasked } from './masking';

describe('masking personal fields for analysts', () => {
  const captured = {
    type: 'LeadCaptured',
    version: 2,
    data: {
      leadId: 'l-1',
      kind: 'person',
      name: 'Li Wei',
      contacts: { phones: ['+86 138 0013 8000'], emails: ['li@example.com'] },
      source: 'referral',
      ownerId: 'rep-1',
      teamId: 'north',
      productInterest: ['loan'],
      consent: { purposes: ['sales_contact'] },
      at: '2026-01-01T00:00:00.000Z',
    },
  };

  it('masks names and contacts, keeps the business facts', () => {
    const masked = maskEvent(captured).data as typeof captured.data;
    expect(masked).toMatchObject({ name: MASKED, contacts: { phones: [MASKED], emails: [MASKED] }, source: 'referral', ownerId: 'rep-1', teamId: 'north', leadId: 'l-1' });
    expect(JSON.stringify(masked)).not.toMatch(/Li Wei|0013|example\.com/);
  });

  it('leaves events without personal fields alone, and only analysts see masks', () => {
    const advanced = { type: 'LeadStageAdvanced', version: 1, data: { leadId: 'l-1', from: 'D', to: 'C' } };
    expect(maskEvent(advanced)).toEqual(advanced);
    expect(['analyst', 'auditor', 'admin', 'sales_rep'].map((role) => seesPersonalDataMasked({ role: role as never }))).toEqual([true, false, false, false]);
  });
});
