import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcknowledgeComplaintHttpController } from './acknowledge-complaint/acknowledge-complaint.http.controller';
import { EscalateComplaintHttpController } from './escalate-complaint/escalate-complaint.http.controller';
import { GetComplaintHandler } from './get-complaint/get-complaint.query-handler';
import { GetComplaintHttpController } from './get-complaint/get-complaint.http.controller';
import { ListComplaintsHandler } from './list-complaints/list-complaints.query-handler';
import { ListComplaintsHttpController } from './list-complaints/list-complaints.http.controller';
import { LogComplaintHttpController } from './log-complaint/log-complaint.http.controller';
import { RecordSatisfactionHttpController } from './record-satisfaction/record-satisfaction.http.controller';
import { ReopenComplaintHttpController } from './reopen-complaint/reopen-complaint.http.controller';
import { ResolveComplaintHttpController } from './resolve-complaint/resolve-complaint.http.controller';

@Module({
  imports: [CqrsModule],
  controllers: [
    AcknowledgeComplaintHttpController,
    EscalateComplaintHttpController,
    GetComplaintHttpController,
    ListComplaintsHttpController,
    LogComplaintHttpController,
    RecordSatisfactionHttpController,
    ReopenComplaintHttpController,
    ResolveComplaintHttpController,
  ],
  providers: [
    GetComplaintHandler,
    ListComplaintsHandler,
  ],
})
export class ComplaintsModule {}
