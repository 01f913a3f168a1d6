import { createUpcast, fold } from '../shared';
import { leadDecider } from './lead.decider';
import { LeadCaptured, LeadCapturedV1Data, LeadQualified } from './lead.events';
import { leadUpcasters } from './lead.upcasters';

const upcast = createUpcast(leadUpcasters);

const v1Data = (consentGiven: unknown): LeadCapturedV1Data =>
  ({
    leadId: 'lead-1',
    kind: 'person',
    name: 'Wang Fang',
    contacts: { phones: ['+86 138 0000 0000'], emails: [] },
    source: 'telemarketing',
    ownerId: 'rep-1',
    teamId: 'team-1',
    productInterest: ['printer'],
    consentGiven,
    at: '2023-05-01T08:00:00.000Z',
  }) as LeadCapturedV1Data;

const v1 = (consentGiven: unknown) => ({ type: 'LeadCaptured', version: 1, data: v1Data(consentGiven) });

describe('leadUpcasters', () => {
  it('lifts LeadCaptured v1 with consent given to v2 consenting to sales contact only', () => {
    const { consentGiven: _dropped, ...rest } = v1Data(true);
    expect(upcast(v1(true))).toEqual({
      type: 'LeadCaptured',
      version: 2,
      data: { ...rest, consent: { purposes: ['sales_contact'] } },
    });
  });

  it('lifts LeadCaptured v1 without consent to v2 with no purposes', () => {
    const upcasted = upcast(v1(false));
    expect(upcasted.version).toBe(2);
    expect(upcasted.data).toMatchObject({ consent: { purposes: [] } });
    expect(upcasted.data).not.toHaveProperty('consentGiven');
  });

  it('treats a missing or non-boolean consentGiven as no consent', () => {
    expect(upcast(v1(undefined)).data).toMatchObject({ consent: { purposes: [] } });
    expect(upcast(v1('yes')).data).toMatchObject({ consent: { purposes: [] } });
  });

  it('leaves current events untouched', () => {
    const current: LeadQualified = {
      type: 'LeadQualified',
      version: 1,
      data: {
        leadId: 'lead-1',
        money: { has: true },
        authority: { has: true },
        need: { has: true },
        manClass: 'M+A+N',
        recommendedAction: 'pursue_now',
        previousManClass: null,
        at: '2023-05-02T08:00:00.000Z',
      },
    };
    expect(upcast(current)).toBe(current);
    const v2 = upcast(v1(true));
    expect(upcast(v2)).toEqual(v2);
  });

  it('does not mutate the stored v1 event', () => {
    const stored = v1(true);
    upcast(stored);
    expect(stored).toEqual(v1(true));
  });

  it('gives the decider a state it can fold from an upcast v1 stream', () => {
    const state = fold(leadDecider, [upcast(v1(true)) as unknown as LeadCaptured]);
    expect(state).toMatchObject({ exists: true, stage: 'D', consentPurposes: ['sales_contact'] });
  });
});
