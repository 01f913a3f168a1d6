import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '@app/read-store';
import { complaintsProjection } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ComplaintView } from '../complaint-view';
import { ListComplaintsQuery } from './list-complaints.query';
import { ListComplaintsRequestDto } from './list-complaints.request.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('complaints')
@Allow(...RIGHTS.readComplaints)
@Controller('complaints')
export class ListComplaintsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(complaintsProjection)
  @ApiOperation({ summary: 'Complaints, newest first, by status, customer, category, touchpoint, severity or safety (paged)' })
  list(@Query() params: ListComplaintsRequestDto): Promise<Page<ComplaintView>> {
    return this.queries.execute(new ListComplaintsQuery(params));
  }
}
