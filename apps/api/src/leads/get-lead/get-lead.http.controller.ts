import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../../shared/http/id.pipe';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { LeadView } from '../lead-view';
import { GetLeadQuery } from './get-lead.query';

@ApiTags('leads')
@Controller('leads')
export class GetLeadHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ReadsFrom('pipeline')
  @ApiOperation({ summary: 'One lead: stage, owner, MAN class and recommended action, amounts, last activity, next follow-up, days in stage' })
  get(@Param('id', IdPipe) id: string, @Query() _params: QueryRequestDto): Promise<LeadView> {
    return this.queries.execute(new GetLeadQuery(id));
  }
}
