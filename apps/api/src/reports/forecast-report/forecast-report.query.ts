import { Query } from '@nestjs/cqrs';
import { ForecastReport } from '@app/projections/reports/forecast.report';
import { ForecastReportRequestDto } from './forecast-report.request.dto';

export class ForecastReportQuery extends Query<ForecastReport> {
  constructor(readonly params: ForecastReportRequestDto) {
    super();
  }
}
