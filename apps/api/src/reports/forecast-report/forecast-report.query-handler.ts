import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ForecastReport, forecastReportOf, StageRates } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter } from '../../security/access-policy';
import { ForecastReportQuery } from './forecast-report.query';

@QueryHandler(ForecastReportQuery)
export class ForecastReportHandler implements IQueryHandler<ForecastReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params, caller }: ForecastReportQuery): Promise<ForecastReport> {
    const configuredRates: StageRates = Object.fromEntries(
      (['D', 'C', 'B', 'A'] as const).flatMap((stage) => (params[`rate${stage}`] === undefined ? [] : [[stage, params[`rate${stage}`]]])),
    );
    // Reps count their own leads, managers their team's.
    return forecastReportOf(this.readModels, ownershipFilter(caller), { groupBy: params.groupBy, configuredRates, now: this.clock.now() });
  }
}
