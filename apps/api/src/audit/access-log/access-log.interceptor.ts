import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, Observable, switchMap } from 'rxjs';
import { AuthenticatedRequest } from '../../security/access.decorators';
import { AccessLog } from './access-log';
import { AccessRule, RECORDS_ACCESS } from './access-rule';

/** Holds each answer of a `@RecordsAccess` route until its AccessRecorded event is in the log. */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessLog: AccessLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.get<AccessRule>(RECORDS_ACCESS, context.getHandler());
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const purpose = this.accessLog.purposeOf(request, rule);
    // The answer is computed first (a 404 or 400 records nothing), then recorded, then sent.
    return next.handle().pipe(switchMap((answer) => from(this.accessLog.record(request, rule, purpose).then(() => answer))));
  }
}
