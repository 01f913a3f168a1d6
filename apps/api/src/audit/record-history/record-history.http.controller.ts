import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IdPipe } from '../../shared/http/id.pipe';
import { aggregateOfRequest, AUDITED_COLLECTIONS } from '../audited-record';
import { GetRecordHistoryQuery } from './record-history.query';
import { RecordHistoryRequestDto } from './record-history.request.dto';
import { RecordHistoryPageDto } from './record-history.response.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RecordVisibility } from '../../security/record-visibility';
import { seesPersonalDataMasked } from '../../security/masking';
import { RIGHTS } from '../../security/rights';
import { RecordsAccess } from '../access-log/records-access.decorator';

@ApiTags('audit')
@Allow(...RIGHTS.readHistory)
@Controller()
export class RecordHistoryHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly visibility: RecordVisibility,
  ) {}

  @RecordsAccess({ subjectKind: 'from-path', purposeRequired: false })
  @Get(AUDITED_COLLECTIONS.map((c) => `${c}/:id/history`))
  @ApiOperation({ summary: 'Every event of a lead, customer or complaint, oldest first: who, when and why (paged)' })
  @ApiOkResponse({ type: RecordHistoryPageDto })
  async history(@Req() request: FastifyRequest, @Param('id', IdPipe) id: string, @Query() query: RecordHistoryRequestDto, @Caller() caller: Principal): Promise<RecordHistoryPageDto> {
    await this.visibility.assertMaySee(caller, aggregateOfRequest(request), id);
    return this.queries.execute(new GetRecordHistoryQuery(aggregateOfRequest(request), id, query.cursor === undefined ? -1 : Number(query.cursor), query.limit ?? 50, seesPersonalDataMasked(caller)));
  }
}
