import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SourcesReport } from '@app/projections/reports/sources.report';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ReportPeriodDto } from '../report-period.dto';
import { SourcesReportQuery } from './sources-report.query';

@ApiTags('reports')
@Controller('reports')
export class SourcesReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('sources')
  @ReadsFrom('pipeline')
  @ApiOperation({ summary: 'Per prospecting method: leads, share qualified M+A+N, win rate, revenue won, median days to win' })
  sources(@Query() params: ReportPeriodDto): Promise<SourcesReport> {
    return this.queries.execute(new SourcesReportQuery(params));
  }
}
