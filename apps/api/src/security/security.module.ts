import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysHttpController } from '../api-keys/api-keys.http.controller';
import { IssueApiKeys } from '../api-keys/issue-api-keys';
import { ApiKeys } from './api-keys';
import { AuthGuard } from './auth.guard';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { JwtVerifier } from './jwt-verifier';
import { MeHttpController } from './me/me.http.controller';
import { RecordVisibility } from './record-visibility';
import { AccessLog } from '../audit/access-log/access-log';

/** Who is calling (API keys, bearer JWTs) and whether their role may call a route: checked before every route; the access log of every look at personal data. */
@Global()
@Module({
  controllers: [ApiKeysHttpController, MeHttpController],
  providers: [ApiKeys, JwtVerifier, FailedAuthLimiter, IssueApiKeys, RecordVisibility, AccessLog, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeys, JwtVerifier, RecordVisibility, AccessLog],
})
export class SecurityModule {}
