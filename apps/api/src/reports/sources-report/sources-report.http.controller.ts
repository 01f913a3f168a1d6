import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { pipelineProjection, SourcesReport } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ReportPeriodDto } from '../report-period.dto';
import { SourcesReportQuery } from './sources-report.query';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('reports')
@Allow(...RIGHTS.readReports)
@Controller('reports')
export class SourcesReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('sources')
  @ReadsFrom(pipelineProjection)
  @ApiOperation({ summary: 'Per prospecting method: leads, share qualified M+A+N, win rate, revenue won, median days to win' })
  sources(@Query() params: ReportPeriodDto, @Caller() caller: Principal): Promise<SourcesReport> {
    return this.queries.execute(new SourcesReportQuery(params, caller));
  }
}
