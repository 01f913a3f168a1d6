import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetRecordHistoryHandler } from './record-history/record-history.query-handler';
import { GetRecordStateHandler } from './record-state/record-state.query-handler';
import { RecordHistoryHttpController } from './record-history/record-history.http.controller';
import { RecordStateHttpController } from './record-state/record-state.http.controller';
import { AccessLogHttpController } from './access-log/access-log.http.controller';
import { AccessLogInterceptor } from './access-log/access-log.interceptor';

@Module({
  imports: [CqrsModule],
  controllers: [
    RecordHistoryHttpController,
    RecordStateHttpController,
    AccessLogHttpController,
  ],
  providers: [
    AccessLogInterceptor,
    GetRecordHistoryHandler,
    GetRecordStateHandler,
  ],
})
export class AuditModule {}
