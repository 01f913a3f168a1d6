import { DomainEvent, EventMetadata } from '../shared';

/*
 * Every look at personal data (a customer file, a lead's detail or history, an export of events) is
 * recorded before the data is sent: no record, no data (DOMAIN §7: queries of identity data are
 * restricted and logged). The feeds never deliver these events.
 */
export interface AccessRecordedData {
  /** Who looked: the authenticated caller; on the command line `cli:<operating-system user>`. */
  readonly userId: string;
  /** The caller's role; `operator` on the command line. */
  readonly role: string;
  /** What was looked at: `lead`, `customer`, `complaint`, or `events` for an export/feed read. */
  readonly subjectKind: string;
  /** The record's id (empty for an export of many records). */
  readonly subjectId: string;
  /** The route that answered, e.g. `GET /customers/:id`, or the command, e.g. `cli export`. */
  readonly route: string;
  /** The purpose the caller stated (X-Purpose), when given. */
  readonly purpose?: string;
  /** Where the request came from (client address; the host name for the command line). */
  readonly from: string;
  readonly at: string;
}

export type AccessRecorded = DomainEvent<'AccessRecorded', AccessRecordedData> & { readonly version: 1 };
export const ACCESS_LOG_EVENT_TYPES: readonly AccessRecorded['type'][] = ['AccessRecorded'];

/** What a caller may state as the purpose of a look (X-Purpose, the CLI's --purpose). */
export const STATED_PURPOSE = /^[\p{L}\p{N} .,:;()'/_-]{3,200}$/u;
export const STATED_PURPOSE_RULE = "3-200 letters, digits, spaces or .,:;()'/_-";

/** The stream of one record's access entries (`access-customer-c-1`); a look at many records (a feed, an export) has the subject `export`. */
export const accessStreamId = (data: Pick<AccessRecordedData, 'subjectKind' | 'subjectId'>): string => `access-${data.subjectKind}-${data.subjectId || 'export'}`;

/** One look, as the event the API and the command line both append before they hand out the data. */
export const accessRecorded = (data: AccessRecordedData, ids: { readonly eventId: string; readonly correlationId: string; readonly causationId: string | null }): AccessRecorded & { readonly metadata: EventMetadata } => ({
  type: 'AccessRecorded',
  version: 1,
  data,
  metadata: { eventId: ids.eventId, occurredAt: data.at, recordedAt: data.at, actor: data.userId, correlationId: ids.correlationId, causationId: ids.causationId },
});
