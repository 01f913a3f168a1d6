import { Query } from '@nestjs/cqrs';
import { SatisfactionReport } from '@app/read-models';
import { SatisfactionReportRequestDto } from './satisfaction-report.request.dto';

export class SatisfactionReportQuery extends Query<SatisfactionReport> {
  constructor(readonly params: SatisfactionReportRequestDto) {
    super();
  }
}
