import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../shared/commands/request-context';
import { AdvanceLeadStageRequestDto } from '@app/application/leads/advance-lead-stage.request';
import { AdvanceLeadStageResponseDto } from './advance-lead-stage.response.dto';

export class AdvanceLeadStageCommand extends Command<AdvanceLeadStageResponseDto> {
  constructor(
    readonly id: string,
    readonly body: AdvanceLeadStageRequestDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
