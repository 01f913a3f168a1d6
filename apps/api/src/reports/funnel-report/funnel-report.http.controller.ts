import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FunnelReport, pipelineProjection } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { FunnelReportQuery } from './funnel-report.query';
import { FunnelReportRequestDto } from './funnel-report.request.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('reports')
@Allow(...RIGHTS.readReports)
@Controller('reports')
export class FunnelReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('funnel')
  @ReadsFrom(pipelineProjection)
  @ApiOperation({
    summary: 'The sales funnel: leads per stage, stage-to-stage conversion, win rate, days to win and to lose, days in each stage',
    description:
      'Grouped by owner, team, source, product or month of capture, for a period. `asOf` shows the funnel as it stood then (business time, ' +
      'back-dated imports included); `knownAt` shows it as the system knew it then (only what was recorded by then). Together: as it stood at asOf, by what was known at knownAt.',
  })
  funnel(@Query() params: FunnelReportRequestDto, @Caller() caller: Principal): Promise<FunnelReport> {
    return this.queries.execute(new FunnelReportQuery(params, caller));
  }
}
