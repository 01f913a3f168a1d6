import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../../shared/http/api-problem';
import { IdPipe } from '../../shared/http/id.pipe';
import { aggregateOfRequest, AUDITED_COLLECTIONS } from '../audited-record';
import { GetRecordStateQuery } from './record-state.query';
import { RecordStateRequestDto } from './record-state.request.dto';
import { RecordStateDto } from './record-state.response.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RecordVisibility } from '../../security/record-visibility';
import { seesPersonalDataMasked } from '../../security/masking';
import { RIGHTS } from '../../security/rights';
import { RecordsAccess } from '../access-log/records-access.decorator';

@ApiTags('audit')
@Allow(...RIGHTS.readHistory)
@Controller()
export class RecordStateHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly visibility: RecordVisibility,
  ) {}

  @RecordsAccess({ subjectKind: 'from-path', purposeRequired: false })
  @Get(AUDITED_COLLECTIONS.map((c) => `${c}/:id/state`))
  @ApiOperation({ summary: 'A lead, customer or complaint as it stood at a business time (asOf) or revision, folded from its events' })
  @ApiOkResponse({ type: RecordStateDto })
  async state(@Req() request: FastifyRequest, @Param('id', IdPipe) id: string, @Query() query: RecordStateRequestDto, @Caller() caller: Principal): Promise<RecordStateDto> {
    await this.visibility.assertMaySee(caller, aggregateOfRequest(request), id);
    if (query.asOf !== undefined && query.revision !== undefined) {
      throw ApiProblem.badRequest('Give asOf or revision, not both', [{ field: 'revision', messages: ['cannot be combined with asOf'] }]);
    }
    return this.queries.execute(new GetRecordStateQuery(aggregateOfRequest(request), id, query.asOf, query.revision, seesPersonalDataMasked(caller)));
  }
}
