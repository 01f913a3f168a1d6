import { Query } from '@nestjs/cqrs';
import { ForecastReport } from '@app/read-models';
import { ForecastReportRequestDto } from './forecast-report.request.dto';
import type { Principal } from '@app/application/principal';

export class ForecastReportQuery extends Query<ForecastReport> {
  constructor(readonly params: ForecastReportRequestDto, readonly caller: Principal) {
    super();
  }
}
