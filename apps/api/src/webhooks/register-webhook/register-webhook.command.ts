import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../shared/commands/request-context';
import { RegisterWebhookRequestDto } from '@app/application/webhooks/register-webhook.request';
import { RegisterWebhookResponseDto } from './register-webhook.response.dto';

export class RegisterWebhookCommand extends Command<RegisterWebhookResponseDto> {
  constructor(
    readonly id: string,
    readonly body: Omit<RegisterWebhookRequestDto, 'id'>,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
