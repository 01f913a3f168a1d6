import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '@app/read-store';
import { pipelineProjection } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { LeadView } from '../lead-view';
import { ListLeadsQuery } from './list-leads.query';
import { ListLeadsRequestDto } from './list-leads.request.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.readLeads)
@Controller('leads')
export class ListLeadsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(pipelineProjection)
  @ApiOperation({ summary: 'The pipeline: leads by stage, owner, source, MAN class, product or follow-up, with days in stage (paged)' })
  list(@Query() params: ListLeadsRequestDto, @Caller() caller: Principal): Promise<Page<LeadView>> {
    return this.queries.execute(new ListLeadsQuery(params, caller));
  }
}
