import { DomainEvent } from '../shared';

/*
 * Webhook subscriptions of other services (the event feeds). A registration is an event like any
 * other, so delivery state can be rebuilt from the log. These events belong to the feeds' own
 * bookkeeping: the feeds never deliver them (FEED_EVENT_TYPES).
 */

export interface WebhookRegisteredData {
  readonly webhookId: string;
  /** Where deliveries are POSTed: an http or https URL. */
  readonly url: string;
  /** Event types delivered; empty: every type the feeds carry. */
  readonly types: readonly string[];
  /** Stream-name prefixes (`lead-`, `customer-42`); empty: every stream. */
  readonly streams: readonly string[];
  readonly description?: string;
  /** The signing secret, sealed (AES-256-GCM) with the deployment's webhook key: never in plain text in the log. */
  readonly encryptedSecret: string;
  readonly at: string;
}

export interface WebhookRemovedData {
  readonly webhookId: string;
  readonly at: string;
}

export type WebhookRegistered = DomainEvent<'WebhookRegistered', WebhookRegisteredData> & { readonly version: 1 };
export type WebhookRemoved = DomainEvent<'WebhookRemoved', WebhookRemovedData> & { readonly version: 1 };

export type WebhookEvent = WebhookRegistered | WebhookRemoved;
export type WebhookEventType = WebhookEvent['type'];

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = ['WebhookRegistered', 'WebhookRemoved'];
