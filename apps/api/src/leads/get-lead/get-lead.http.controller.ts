import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { pipelineProjection } from '@app/read-models';
import { IdPipe } from '../../shared/http/id.pipe';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { LeadView } from '../lead-view';
import { GetLeadQuery } from './get-lead.query';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';
import { RecordsAccess } from '../../audit/access-log/records-access.decorator';

@ApiTags('leads')
@Allow(...RIGHTS.readLeads)
@Controller('leads')
export class GetLeadHttpController {
  constructor(private readonly queries: QueryBus) {}

  @RecordsAccess({ subjectKind: 'lead', purposeRequired: false })
  @Get(':id')
  @ReadsFrom(pipelineProjection)
  @ApiOperation({ summary: 'One lead: stage, owner, MAN class and recommended action, amounts, last activity, next follow-up, days in stage' })
  get(@Param('id', IdPipe) id: string, @Query() _params: QueryRequestDto, @Caller() caller: Principal): Promise<LeadView> {
    return this.queries.execute(new GetLeadQuery(id, caller));
  }
}
