import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PipelineDoc } from '@app/projections/pipeline.projection';
import { ForecastReport, forecastReport, StageRates } from '@app/projections/reports/forecast.report';
import { Clock } from '../../shared/commands/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownsOrManages } from '../../security/access-policy';
import { ForecastReportQuery } from './forecast-report.query';

@QueryHandler(ForecastReportQuery)
export class ForecastReportHandler implements IQueryHandler<ForecastReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params, caller }: ForecastReportQuery): Promise<ForecastReport> {
    const leads = (await this.readModels.all<PipelineDoc>('pipeline')).filter((lead) => ownsOrManages(caller, lead));
    const configuredRates: StageRates = Object.fromEntries(
      (['D', 'C', 'B', 'A'] as const).flatMap((stage) => (params[`rate${stage}`] === undefined ? [] : [[stage, params[`rate${stage}`]]])),
    );
    return forecastReport(leads, { groupBy: params.groupBy, configuredRates, now: this.clock.now() });
  }
}
