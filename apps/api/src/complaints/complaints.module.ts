import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcknowledgeComplaintHttpController } from './acknowledge-complaint/acknowledge-complaint.http.controller';
import { EscalateComplaintHttpController } from './escalate-complaint/escalate-complaint.http.controller';
import { LogComplaintHttpController } from './log-complaint/log-complaint.http.controller';
import { RecordSatisfactionHttpController } from './record-satisfaction/record-satisfaction.http.controller';
import { ReopenComplaintHttpController } from './reopen-complaint/reopen-complaint.http.controller';
import { ResolveComplaintHttpController } from './resolve-complaint/resolve-complaint.http.controller';

@Module({
  imports: [CqrsModule],
  controllers: [
    AcknowledgeComplaintHttpController,
    EscalateComplaintHttpController,
    LogComplaintHttpController,
    RecordSatisfactionHttpController,
    ReopenComplaintHttpController,
    ResolveComplaintHttpController,
  ],
  providers: [],
})
export class ComplaintsModule {}
