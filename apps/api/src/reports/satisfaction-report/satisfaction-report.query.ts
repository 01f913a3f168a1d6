import { Query } from '@nestjs/cqrs';
import { SatisfactionReport } from '@app/projections/reports/satisfaction.report';
import { SatisfactionReportRequestDto } from './satisfaction-report.request.dto';

export class SatisfactionReportQuery extends Query<SatisfactionReport> {
  constructor(readonly params: SatisfactionReportRequestDto) {
    super();
  }
}
