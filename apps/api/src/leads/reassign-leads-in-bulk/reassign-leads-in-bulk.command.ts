import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../shared/commands/request-context';
import { ReassignLeadsInBulkRequestDto } from '@app/application/leads/reassign-leads-in-bulk.request';
import { ReassignLeadsInBulkResponseDto } from './reassign-leads-in-bulk.response.dto';

export class ReassignLeadsInBulkCommand extends Command<ReassignLeadsInBulkResponseDto> {
  constructor(
    readonly body: ReassignLeadsInBulkRequestDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
