import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { complaintsProjection, customersProjection, SatisfactionReport } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { SatisfactionReportQuery } from './satisfaction-report.query';
import { SatisfactionReportRequestDto } from './satisfaction-report.request.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('reports')
@Allow(...RIGHTS.readSatisfaction)
@Controller('reports')
export class SatisfactionReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('satisfaction')
  @ReadsFrom(complaintsProjection, customersProjection)
  @ApiOperation({
    summary: 'Complaints and satisfaction: counts, time to acknowledge and resolve, 24-hour deadlines met and missed, reopen rate, expected vs perceived gap, NPS',
    description: 'Grouped by category, touchpoint, severity, owner or month; the period is on the time the complaint was logged.',
  })
  satisfaction(@Query() params: SatisfactionReportRequestDto, @Caller() caller: Principal): Promise<SatisfactionReport> {
    return this.queries.execute(new SatisfactionReportQuery(params, caller));
  }
}
