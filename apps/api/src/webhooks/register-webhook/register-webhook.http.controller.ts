import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { ShownOnce } from '../../shared/idempotency/shown-once.decorator';
import { RegisterWebhookCommand } from './register-webhook.command';
import { RegisterWebhookRequestDto } from '@app/application/webhooks/register-webhook.request';
import { RegisterWebhookResponseDto } from './register-webhook.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('webhooks')
@Allow(...RIGHTS.operate)
@Controller('webhooks')
export class RegisterWebhookHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(
    '',
    201,
    'Register a webhook: every later feed event that matches is POSTed to the URL, signed',
    'The answer holds the signing secret, shown this once. Deliveries: in order per stream, at least once, retried with backoff for WEBHOOK_RETRY_FOR_MS, then parked. See /events/asyncapi.json.',
    RegisterWebhookResponseDto,
  )
  @ShownOnce('secret')
  handle(@Body() { id = randomUUID(), ...body }: RegisterWebhookRequestDto, @Ctx() ctx: RequestContext): Promise<RegisterWebhookResponseDto> {
    return this.commands.execute(new RegisterWebhookCommand(id, body, ctx));
  }
}
