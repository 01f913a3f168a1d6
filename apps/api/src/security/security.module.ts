import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysHttpController } from '../api-keys/api-keys.http.controller';
import { IssueApiKeys } from '../api-keys/issue-api-keys';
import { ApiKeys } from './api-keys';
import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';
import { RecordVisibility } from './record-visibility';

/** Who is calling (API keys, bearer JWTs) and whether their role may call a route: checked before every route. */
@Global()
@Module({
  controllers: [ApiKeysHttpController],
  providers: [ApiKeys, JwtVerifier, IssueApiKeys, RecordVisibility, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeys, JwtVerifier, RecordVisibility],
})
export class SecurityModule {}
