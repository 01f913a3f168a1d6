import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { IdPipe } from '../../shared/http/id.pipe';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('webhooks')
@Allow(...RIGHTS.operate)
@Controller('webhooks')
export class RemoveWebhookHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a webhook: nothing more is delivered to it; its queued deliveries are cancelled' })
  @ApiOkResponse({ type: CommandResponseDto })
  @ApiNotFoundResponse({ description: 'application/problem+json: WEBHOOK_NOT_FOUND' })
  handle(@Param('id', IdPipe) id: string, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand({ aggregate: 'webhook', id, command: { type: 'RemoveWebhook', data: { webhookId: id } } }, ctx));
  }
}
