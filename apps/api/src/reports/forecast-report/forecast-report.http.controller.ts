import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForecastReport, pipelineProjection } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ForecastReportQuery } from './forecast-report.query';
import { ForecastReportRequestDto } from './forecast-report.request.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('reports')
@Allow(...RIGHTS.readReports)
@Controller('reports')
export class ForecastReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('forecast')
  @ReadsFrom(pipelineProjection)
  @ApiOperation({
    summary: 'Sales forecast: Σ over open stages of amount × that stage’s win rate, with the leads and rates behind every figure',
    description: "A stage's rate is learned from history (of the leads that reached it and then closed, the share won) unless set with rateD…rateA.",
  })
  forecast(@Query() params: ForecastReportRequestDto, @Caller() caller: Principal): Promise<ForecastReport> {
    return this.queries.execute(new ForecastReportQuery(params, caller));
  }
}
