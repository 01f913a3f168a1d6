import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { newWebhookSecret, WebhookSecretBox } from '../webhook-secret-box';
import { registerWebhook } from '@app/application/webhooks/register-webhook.request';
import { expectedRevisionOf } from '../../shared/commands/request-context';
import { RegisterWebhookCommand } from './register-webhook.command';
import { RegisterWebhookResponseDto } from './register-webhook.response.dto';
import { ApiProblem } from '../../shared/http/api-problem';
import { WebhookTargetRefused } from '../webhook-target-rules';
import { WebhookTargets } from '../webhook-targets';

/**
 * Checks where the URL points (an internal target is a 400 naming `url`), makes the signing secret,
 * records the registration with the secret sealed, and shows the secret once.
 */
@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
    private readonly box: WebhookSecretBox,
    private readonly targets: WebhookTargets,
  ) {}

  async execute({ id, body, ctx }: RegisterWebhookCommand): Promise<RegisterWebhookResponseDto> {
    try {
      // A host that does not resolve yet is accepted: every delivery attempt checks it again.
      await this.targets.check(body.url, { unresolved: 'accept' });
    } catch (error) {
      if (error instanceof WebhookTargetRefused) throw ApiProblem.badRequest(`Invalid request: url`, [{ field: 'url', messages: [error.message] }]);
      throw error;
    }
    const secret = newWebhookSecret();
    const request = registerWebhook(id, body, { encryptedSecret: this.box.seal(secret, id) });
    const outcome = await this.executor.execute(this.factory.create(request, ctx, expectedRevisionOf(request.options, ctx)));
    // No new events: a retry (same Idempotency-Key) found the registration it made before, with the secret shown then.
    return { id, revision: outcome.revision, position: outcome.position, secret: outcome.events.length ? secret : null };
  }
}
