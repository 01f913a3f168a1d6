import { Query } from '@nestjs/cqrs';
import { FunnelReport } from '@app/read-models';
import { FunnelReportRequestDto } from './funnel-report.request.dto';
import type { Principal } from '@app/application/principal';

export class FunnelReportQuery extends Query<FunnelReport> {
  constructor(readonly params: FunnelReportRequestDto, readonly caller: Principal) {
    super();
  }
}
