import { DomainEvent } from '../shared';

/*
 * Events of a data subject: the person a lead, a customer file and its complaints are about. The
 * subject's personal data lives in the events of those records, encrypted under the subject's own key
 * (personal-data.catalog.ts says which fields); this stream, `subject-<id>`, records what was done to it.
 */

export interface PersonalDataErasedData {
  readonly subjectId: string;
  /** Why, as the administrator recorded it (a request reference, a legal basis). */
  readonly reason: string;
  /** When the subject's key was deleted: from then on every personal field of the subject reads "[erased]". */
  readonly erasedAt: string;
  /** The streams whose events held the subject's personal data. */
  readonly streams: readonly string[];
}

export type PersonalDataErased = DomainEvent<'PersonalDataErased', PersonalDataErasedData> & { readonly version: 1 };

export type SubjectEvent = PersonalDataErased;
export type SubjectEventType = SubjectEvent['type'];

export const SUBJECT_EVENT_TYPES: readonly SubjectEventType[] = ['PersonalDataErased'];
