import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FunnelReport } from '@app/projections/reports/funnel.report';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { FunnelReportQuery } from './funnel-report.query';
import { FunnelReportRequestDto } from './funnel-report.request.dto';

@ApiTags('reports')
@Controller('reports')
export class FunnelReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('funnel')
  @ReadsFrom('pipeline')
  @ApiOperation({
    summary: 'The sales funnel: leads per stage, stage-to-stage conversion, win rate, days to win and to lose, days in each stage',
    description: 'Grouped by owner, team, source, product or month of capture, for a period; `asOf` shows the funnel as it stood then.',
  })
  funnel(@Query() params: FunnelReportRequestDto): Promise<FunnelReport> {
    return this.queries.execute(new FunnelReportQuery(params));
  }
}
