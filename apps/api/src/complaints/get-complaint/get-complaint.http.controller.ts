import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { complaintsProjection } from '@app/read-models';
import { IdPipe } from '../../shared/http/id.pipe';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ComplaintView } from '../complaint-view';
import { GetComplaintQuery } from './get-complaint.query';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('complaints')
@Allow(...RIGHTS.readComplaints)
@Controller('complaints')
export class GetComplaintHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ReadsFrom(complaintsProjection)
  @ApiOperation({ summary: 'One complaint: times to acknowledge and resolve, escalations and deadlines, satisfaction' })
  get(@Param('id', IdPipe) id: string, @Query() _params: QueryRequestDto): Promise<ComplaintView> {
    return this.queries.execute(new GetComplaintQuery(id));
  }
}
