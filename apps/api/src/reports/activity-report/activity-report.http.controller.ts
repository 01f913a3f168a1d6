import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { activityProjection, ActivityReport, pipelineProjection } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ActivityReportQuery } from './activity-report.query';
import { ActivityReportRequestDto } from './activity-report.request.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('reports')
@Allow(...RIGHTS.readReports)
@Controller('reports')
export class ActivityReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('activity')
  @ReadsFrom(activityProjection, pipelineProjection)
  @ApiOperation({ summary: 'Calls, visits and other activities per rep per day and week; follow-ups due and overdue; leads nobody touched for N days' })
  activity(@Query() params: ActivityReportRequestDto, @Caller() caller: Principal): Promise<ActivityReport> {
    return this.queries.execute(new ActivityReportQuery(params, caller));
  }
}
