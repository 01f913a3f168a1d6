import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { AccessLogInterceptor } from './access-log.interceptor';

export const RECORDS_ACCESS = 'audit:records-access';

export interface AccessRule {
  /** `lead`, `customer`, `complaint` (the record in `:id`), or `events` (an export). */
  readonly subjectKind: 'lead' | 'customer' | 'complaint' | 'events' | 'from-path';
  /** Callers must say why (X-Purpose): customer files and exports. */
  readonly purposeRequired: boolean;
}

/** The route hands out personal data: each answer is recorded as AccessRecorded before it is sent. */
export const RecordsAccess = (rule: AccessRule) =>
  applyDecorators(
    SetMetadata(RECORDS_ACCESS, rule),
    UseInterceptors(AccessLogInterceptor),
    ApiHeader({ name: 'X-Purpose', required: rule.purposeRequired, description: 'Why you look (recorded in the access log, GET /audit/access)' }),
  );
