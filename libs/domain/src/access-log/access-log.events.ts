import { DomainEvent } from '../shared';

/*
 * Every look at personal data (a customer file, a lead's detail or history, an export of events) is
 * recorded before the data is sent: no record, no data (DOMAIN §7: queries of identity data are
 * restricted and logged). The feeds never deliver these events.
 */
export interface AccessRecordedData {
  /** Who looked: the authenticated caller. */
  readonly userId: string;
  readonly role: string;
  /** What was looked at: `lead`, `customer`, `complaint`, or `events` for an export/feed read. */
  readonly subjectKind: string;
  /** The record's id (empty for an export of many records). */
  readonly subjectId: string;
  /** The route that answered, e.g. `GET /customers/:id`. */
  readonly route: string;
  /** The purpose the caller stated (X-Purpose), when given. */
  readonly purpose?: string;
  /** Where the request came from (client address). */
  readonly from: string;
  readonly at: string;
}

export type AccessRecorded = DomainEvent<'AccessRecorded', AccessRecordedData> & { readonly version: 1 };
export const ACCESS_LOG_EVENT_TYPES: readonly AccessRecorded['type'][] = ['AccessRecorded'];
