import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SECURITY_SETTINGS, SecuritySettings } from '../security/security.settings';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { DomainError } from '@app/domain/shared';
import { WrongExpectedRevisionError } from '@app/event-store';
import { RequestContext } from '../shared/commands/request-context';
import { CommandResponseDto } from '../shared/http/command-response.dto';
import { newApiKey } from '../security/api-key-secret';
import { ApiKeys } from '../security/api-keys';
import { IssueApiKeyResponseDto } from './api-key.response.dto';
import { IssueApiKeyRequestDto } from './issue-api-key.request.dto';

/**
 * Another instance starting on the same log issued the first key meanwhile: its append won the race
 * (ours expected no stream), or it was already there when ours was decided.
 */
const issuedByAnotherInstance = (error: unknown): boolean =>
  error instanceof WrongExpectedRevisionError || (error instanceof DomainError && error.code === 'API_KEY_ALREADY_EXISTS');

/** Issues and revokes keys through the one write path; on a first start without BOOTSTRAP_ADMIN_KEY, issues the first admin key. */
@Injectable()
export class IssueApiKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
    private readonly keys: ApiKeys,
    @Inject(SECURITY_SETTINGS.token) private readonly config: SecuritySettings,
  ) {}

  async issue(body: IssueApiKeyRequestDto, ctx: RequestContext): Promise<IssueApiKeyResponseDto> {
    const { keyId, key, secretHash } = newApiKey();
    const data = { ...body, keyId, secretHash };
    const outcome = await this.executor.execute(this.factory.create({ aggregate: 'apikey', id: keyId, command: { type: 'IssueApiKey', data } }, ctx));
    return { id: keyId, revision: outcome.revision, position: outcome.position, key: outcome.events.length ? key : null };
  }

  async revoke(keyId: string, ctx: RequestContext): Promise<CommandResponseDto> {
    const data = { keyId };
    const outcome = await this.executor.execute(this.factory.create({ aggregate: 'apikey', id: keyId, command: { type: 'RevokeApiKey', data } }, ctx));
    this.keys.forget(keyId);
    return { id: keyId, revision: outcome.revision, position: outcome.position };
  }

  /**
   * Without BOOTSTRAP_ADMIN_KEY, nobody could call the API on a fresh log: the first start issues an
   * admin key under a fixed id (so two instances starting together issue one) and prints it once.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.bootstrapAdminKey !== undefined || (await this.keys.anyIssued())) return;
    const { keyId, key, secretHash } = newApiKey('first-admin');
    const ctx: RequestContext = { actor: 'system:first-start', correlationId: randomUUID(), causationId: randomUUID() };
    const data = { role: 'admin', label: 'first admin key, issued at first start', keyId, secretHash } as const;
    const command = this.factory.create({ aggregate: 'apikey', id: keyId, command: { type: 'IssueApiKey', data } }, ctx, -1);
    try {
      await this.executor.execute(command);
    } catch (error) {
      if (issuedByAnotherInstance(error)) return;
      // A full disk or an unreachable log must stop the start, not read as a key issued elsewhere.
      this.logger.error(`could not issue the first admin API key: ${(error as Error)?.stack ?? String(error)}`);
      throw error;
    }
    this.firstAdminKey = key;
    this.logger.log('issued the first admin API key (printed once on stdout at the end of start-up)');
  }

  /** Issued at this start and not yet shown. */
  private firstAdminKey: string | undefined;

  /**
   * Prints the first admin key once, framed, on stdout (not through the log level: it must be seen
   * even with LOG_LEVEL=error). Called last in start-up, so that it is the last thing on the screen
   * and in a process manager's log.
   */
  announceFirstAdminKey(out: { write(text: string): unknown } = process.stdout): void {
    const key = this.firstAdminKey;
    if (key === undefined) return;
    this.firstAdminKey = undefined;
    out.write(framed(['First start: an admin API key was issued. It is shown only this once;', 'store it safely (a password manager or a secret store):', '', `  X-API-Key: ${key}`]));
  }
}

/** Lines in an ASCII box: it stands out among log lines in any terminal or log viewer. */
export const framed = (lines: readonly string[]): string => {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return [rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule].join('\n') + '\n';
};
