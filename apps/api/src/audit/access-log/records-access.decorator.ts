import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { AccessLogInterceptor } from './access-log.interceptor';
import { AccessRule, RECORDS_ACCESS } from './access-rule';


/** The route hands out personal data: each answer is recorded as AccessRecorded before it is sent. */
export const RecordsAccess = (rule: AccessRule) =>
  applyDecorators(
    SetMetadata(RECORDS_ACCESS, rule),
    UseInterceptors(AccessLogInterceptor),
    ApiHeader({ name: 'X-Purpose', required: rule.purposeRequired, description: 'Why you look (recorded in the access log, GET /audit/access)' }),
  );
