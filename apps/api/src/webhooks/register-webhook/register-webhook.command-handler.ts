import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { newWebhookSecret, WebhookSecretBox } from '../webhook-secret-box';
import { registerWebhook } from '@app/application/webhooks/register-webhook.request';
import { expectedRevisionOf } from '../../shared/commands/request-context';
import { RegisterWebhookCommand } from './register-webhook.command';
import { RegisterWebhookResponseDto } from './register-webhook.response.dto';

/** Makes the signing secret, records the registration with the secret sealed, and shows the secret once. */
@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
    private readonly box: WebhookSecretBox,
  ) {}

  async execute({ id, body, ctx }: RegisterWebhookCommand): Promise<RegisterWebhookResponseDto> {
    const secret = newWebhookSecret();
    const request = registerWebhook(id, body, { encryptedSecret: this.box.seal(secret, id) });
    const outcome = await this.executor.execute(this.factory.create(request, ctx, expectedRevisionOf(request.options, ctx)));
    // No new events: a retry (same Idempotency-Key) found the registration it made before, with the secret shown then.
    return { id, revision: outcome.revision, position: outcome.position, secret: outcome.events.length ? secret : null };
  }
}
