import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyState, API_KEY_EVENT_TYPES, apiKeyDecider } from '@app/domain/api-key';
import { fold, RecordedEvent } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { SECURITY_SETTINGS, SecuritySettings } from './security.settings';
import { CommandExecutor } from '@app/application/command-executor';
import { hashSecret, parseApiKey, sameHash } from './api-key-secret';
import { Principal, Role, ROLES } from '@app/application/principal';

/** How long a verified key is trusted without reading its stream again: a revocation made by another instance takes effect within this. */
const CACHE_MS = 2_000;
const CACHE_MAX = 10_000;
/** The bootstrap key from the environment is not in the log; it has this id. */
export const BOOTSTRAP_KEY_ID = 'bootstrap';

export interface ApiKeyView {
  readonly keyId: string;
  readonly role: string;
  readonly teamId: string | null;
  readonly ownerId: string | null;
  readonly label: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly revoked: boolean;
  readonly revokedAt: string | null;
}

/**
 * API keys straight from the log (one short stream per key), so a revocation holds everywhere
 * within CACHE_MS and the record of who issued and revoked which key is the audit history itself.
 */
@Injectable()
export class ApiKeys {
  private readonly cache = new Map<string, { state: ApiKeyState; until: number }>();

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(SECURITY_SETTINGS.token) private readonly config: SecuritySettings,
  ) {}

  /** The caller a presented key stands for, or undefined when the key is unknown, revoked or wrong. */
  async authenticate(presented: string): Promise<Principal | undefined> {
    const bootstrap = this.config.bootstrapAdminKey;
    if (bootstrap !== undefined && sameHash(hashSecret(presented), hashSecret(bootstrap))) {
      return { id: `api-key:${BOOTSTRAP_KEY_ID}`, role: 'admin', via: 'api-key', keyId: BOOTSTRAP_KEY_ID };
    }
    const parsed = parseApiKey(presented);
    if (!parsed) return undefined;
    const key = await this.state(parsed.keyId);
    if (!key.exists || key.revoked || !key.secretHash || !sameHash(hashSecret(parsed.secret), key.secretHash)) return undefined;
    if (!ROLES.includes(key.role as Role)) return undefined;
    return { id: key.ownerId ?? `api-key:${parsed.keyId}`, role: key.role as Role, team: key.teamId ?? undefined, via: 'api-key', keyId: parsed.keyId };
  }

  /** After this instance revoked a key, it must not wait for the cache to expire. */
  forget(keyId: string): void {
    this.cache.delete(keyId);
  }

  async list(): Promise<ApiKeyView[]> {
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of await this.events.readAll({ streamPrefix: 'apikey-', types: API_KEY_EVENT_TYPES })) {
      const stream = streams.get(event.streamId) ?? [];
      stream.push(event);
      streams.set(event.streamId, stream);
    }
    return [...streams.values()].map((events) => {
      const key = fold(apiKeyDecider, events as never[]);
      return {
        keyId: key.keyId!,
        role: key.role!,
        teamId: key.teamId,
        ownerId: key.ownerId,
        label: key.label!,
        issuedAt: key.issuedAt!,
        issuedBy: events[0].metadata.actor,
        revoked: key.revoked,
        revokedAt: key.revokedAt,
      };
    });
  }

  /** Whether any key was ever issued (a first start issues the first admin key). */
  async anyIssued(): Promise<boolean> {
    return (await this.events.readAll({ streamPrefix: 'apikey-', types: ['ApiKeyIssued'], maxCount: 1 })).length > 0;
  }

  private async state(keyId: string): Promise<ApiKeyState> {
    const now = Date.now();
    const cached = this.cache.get(keyId);
    if (cached && cached.until > now) return cached.state;
    const { state } = await this.executor.loadState('apikey', keyId);
    // Unknown ids are cached too, so guessing ids does not turn into one read of the log per request.
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(keyId, { state: state as ApiKeyState, until: now + CACHE_MS });
    return state as ApiKeyState;
  }
}
