import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '../../shared/commands/command-executor';
import { CommandFactory } from '../../shared/commands/command-factory';
import { newWebhookSecret, WebhookSecretBox } from '../webhook-secret-box';
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
    const data = { ...body, encryptedSecret: this.box.seal(secret, id) };
    const command = this.factory.create('webhook', id, 'RegisterWebhook', data, ctx);
    const outcome = await this.executor.execute({ aggregate: 'webhook', id, command, ctx, expectedRevision: this.factory.expectedRevision(body, ctx) });
    // No new events: a retry (same Idempotency-Key) found the registration it made before, with the secret shown then.
    return { id, revision: outcome.revision, position: outcome.position, secret: outcome.events.length ? secret : null };
  }
}
