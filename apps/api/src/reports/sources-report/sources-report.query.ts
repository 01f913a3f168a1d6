import { Query } from '@nestjs/cqrs';
import { SourcesReport } from '@app/read-models';
import { ReportPeriodDto } from '../report-period.dto';
import type { Principal } from '@app/application/principal';

export class SourcesReportQuery extends Query<SourcesReport> {
  constructor(readonly params: ReportPeriodDto, readonly caller: Principal) {
    super();
  }
}
