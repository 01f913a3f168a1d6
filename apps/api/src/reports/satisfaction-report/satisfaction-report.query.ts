import { Query } from '@nestjs/cqrs';
import { SatisfactionReport } from '@app/read-models';
import { SatisfactionReportRequestDto } from './satisfaction-report.request.dto';
import type { Principal } from '@app/application/principal';

export class SatisfactionReportQuery extends Query<SatisfactionReport> {
  constructor(
    readonly params: SatisfactionReportRequestDto,
    readonly caller: Principal,
  ) {
    super();
  }
}
