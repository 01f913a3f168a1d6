import { Upcaster } from '../shared';
import { LeadCapturedData, LeadCapturedV1Data } from './lead.events';

/**
 * LeadCaptured v1 → v2: v1 recorded one yes/no (`consentGiven`); v2 records consent per purpose.
 * A v1 "yes" was consent to be contacted for sales, nothing more; anything but `true` means no consent
 * (personal data is used only for what the person agreed to).
 */
const leadCapturedV1ToV2: Upcaster = {
  type: 'LeadCaptured',
  fromVersion: 1,
  upcast: (data: unknown): LeadCapturedData => {
    const { consentGiven, ...rest } = data as LeadCapturedV1Data;
    return { ...rest, consent: { purposes: consentGiven === true ? ['sales_contact'] : [] } };
  },
};

export const leadUpcasters: readonly Upcaster[] = [leadCapturedV1ToV2];
