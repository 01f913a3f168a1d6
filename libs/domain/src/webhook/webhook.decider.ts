import { alreadyExists, Decider, Decision, notFound, ruleViolated, withoutUndefined } from '../shared';
import { RegisterWebhook, RemoveWebhook, WebhookCommand } from './webhook.commands';
import { WebhookEvent } from './webhook.events';

export const WEBHOOK_ERROR_CODES = ['WEBHOOK_ALREADY_EXISTS', 'WEBHOOK_NOT_FOUND', 'WEBHOOK_URL_NOT_HTTP'] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

export interface WebhookState {
  readonly exists: boolean;
  readonly removed: boolean;
  readonly webhookId: string | null;
  readonly url: string | null;
  readonly types: readonly string[];
  readonly streams: readonly string[];
  readonly description: string | null;
  readonly registeredAt: string | null;
  readonly removedAt: string | null;
}

export const initialWebhookState: WebhookState = {
  exists: false,
  removed: false,
  webhookId: null,
  url: null,
  types: [],
  streams: [],
  description: null,
  registeredAt: null,
  removedAt: null,
};

/** Deliveries go to http(s) only: no file:, data: or other schemes a fetch might follow. */
export const isHttpUrl = (url: string): boolean => {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
  } catch {
    return false;
  }
};

const register = (command: RegisterWebhook, state: WebhookState): Decision<WebhookEvent> => {
  const { webhookId, url, types = [], streams = [], description, encryptedSecret } = command.data;
  // An id is never reused, not even after removal: receivers tell webhooks apart by it.
  if (state.exists) return alreadyExists('WEBHOOK_ALREADY_EXISTS', `Webhook ${webhookId} already exists.`, { webhookId });
  if (!isHttpUrl(url)) return ruleViolated('WEBHOOK_URL_NOT_HTTP', 'A webhook URL must be an http or https URL.', { url });
  return [
    {
      type: 'WebhookRegistered',
      version: 1,
      data: withoutUndefined({ webhookId, url, types: [...new Set(types)], streams: [...new Set(streams)], description, encryptedSecret, at: command.context.occurredAt }),
    },
  ];
};

const remove = (command: RemoveWebhook, state: WebhookState): Decision<WebhookEvent> => {
  if (!state.exists || state.removed) return notFound('WEBHOOK_NOT_FOUND', `No webhook with id ${command.data.webhookId}.`, { webhookId: command.data.webhookId });
  return [{ type: 'WebhookRemoved', version: 1, data: { webhookId: command.data.webhookId, at: command.context.occurredAt } }];
};

const decide = (command: WebhookCommand, state: WebhookState): Decision<WebhookEvent> => {
  switch (command.type) {
    case 'RegisterWebhook':
      return register(command, state);
    case 'RemoveWebhook':
      return remove(command, state);
  }
};

const evolve = (state: WebhookState, event: WebhookEvent): WebhookState => {
  switch (event.type) {
    case 'WebhookRegistered': {
      const { webhookId, url, types, streams, description, at } = event.data;
      return { ...state, exists: true, webhookId, url, types, streams, description: description ?? null, registeredAt: at };
    }
    case 'WebhookRemoved':
      return { ...state, removed: true, removedAt: event.data.at };
    default:
      return state;
  }
};

export const webhookDecider: Decider<WebhookCommand, WebhookState, WebhookEvent> = { initialState: initialWebhookState, decide, evolve };
