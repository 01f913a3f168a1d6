import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { ForecastReport, forecastReport, StageRates } from '@app/projections/reports/forecast.report';
import { leadReportsOf } from '@app/projections/reports/lead-reports';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter, ownsOrManages } from '../../security/access-policy';
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
    const options = { groupBy: params.groupBy, configuredRates, now: this.clock.now() };
    // From the aggregates kept as the pipeline changes, of the caller's leads; in full when they cannot answer.
    const kept = this.readModels.indexed('pipeline', leadReportsOf)?.forecast(ownershipFilter(caller), options);
    if (kept) return kept;
    // Reps count their own leads, managers their team's.
    const leads = (await this.readModels.all<PipelineDoc>('pipeline')).filter((lead) => ownsOrManages(caller, lead));
    return forecastReport(leads, options);
  }
}
