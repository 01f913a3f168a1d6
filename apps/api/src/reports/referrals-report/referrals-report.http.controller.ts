import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { customersProjection, pipelineProjection, referralsProjection, ReferralsReport } from '@app/read-models';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ReferralsReportQuery } from './referrals-report.query';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('reports')
@Allow(...RIGHTS.readReferrals)
@Controller('reports')
export class ReferralsReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('referrals')
  @ReadsFrom(referralsProjection, pipelineProjection, customersProjection)
  @ApiOperation({ summary: 'Who referred whom (chains), referrals won per referrer, VIP status (three won referrals within a year), rewards owed and paid' })
  referrals(@Query() _params: QueryRequestDto, @Caller() caller: Principal): Promise<ReferralsReport> {
    return this.queries.execute(new ReferralsReportQuery(caller));
  }
}
