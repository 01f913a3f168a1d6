import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../shared/commands/request-context';
import { ReassignLeadsInBulkRequestDto } from './reassign-leads-in-bulk.request.dto';
import { ReassignLeadsInBulkResponseDto } from './reassign-leads-in-bulk.response.dto';

export class ReassignLeadsInBulkCommand extends Command<ReassignLeadsInBulkResponseDto> {
  constructor(
    readonly body: ReassignLeadsInBulkRequestDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
