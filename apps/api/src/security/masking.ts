import { mapPersonalData, personalDataOf } from '@app/domain/personal-data';
import { Principal } from '@app/application/principal';

/** What a masked personal field reads as (an erased one reads "[erased]"). */
export const MASKED = '[masked]';

/** Analysts work with the history and the feeds, not with who the people are (DOMAIN §7: minimal use). */
export const seesPersonalDataMasked = (caller: Pick<Principal, 'role'> | undefined): boolean => caller?.role === 'analyst';

/** The event with every personal field (per the personal-data catalogue) replaced by MASKED. */
export const maskEvent = <E extends { readonly type: string; readonly version: number; readonly data: unknown }>(event: E): E => {
  const spec = personalDataOf(event.type, event.version);
  return spec ? { ...event, data: mapPersonalData(spec, event.data, () => MASKED) } : event;
};
