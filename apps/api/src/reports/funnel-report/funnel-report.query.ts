import { Query } from '@nestjs/cqrs';
import { FunnelReport } from '@app/projections/reports/funnel.report';
import { FunnelReportRequestDto } from './funnel-report.request.dto';
import type { Principal } from '@app/application/principal';

export class FunnelReportQuery extends Query<FunnelReport> {
  constructor(readonly params: FunnelReportRequestDto, readonly caller: Principal) {
    super();
  }
}
