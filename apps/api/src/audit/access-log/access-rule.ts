/** The metadata key under which a route's access rule is kept (see RecordsAccess). */
export const RECORDS_ACCESS = 'audit:records-access';

export interface AccessRule {
  /** `lead`, `customer`, `complaint` (the record in `:id`), or `events` (an export). */
  readonly subjectKind: 'lead' | 'customer' | 'complaint' | 'events' | 'from-path';
  /** Callers must say why (X-Purpose): customer files and exports. */
  readonly purposeRequired: boolean;
}
