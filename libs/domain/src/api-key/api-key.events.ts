import { DomainEvent } from '../shared';

/*
 * API keys of services and scripts. Issuing and revoking a key are events like any other, so who
 * created which key with which rights, and who revoked it, stays in the audit history. Only a hash
 * of the key's secret is recorded; the feeds never deliver these events.
 */

export interface ApiKeyIssuedData {
  readonly keyId: string;
  /** SHA-256 of the key's secret part (hex): the key itself is shown once and never stored. */
  readonly secretHash: string;
  /** One of the API's roles (sales_rep, sales_manager, service_agent, analyst, auditor, admin). */
  readonly role: string;
  readonly teamId?: string;
  /** The user the key acts for; without one the key acts as `api-key:<keyId>`. */
  readonly ownerId?: string;
  /** What the key is for, as its creator described it. */
  readonly label: string;
  readonly at: string;
}

export interface ApiKeyRevokedData {
  readonly keyId: string;
  readonly reason?: string;
  readonly at: string;
}

export type ApiKeyIssued = DomainEvent<'ApiKeyIssued', ApiKeyIssuedData> & { readonly version: 1 };
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', ApiKeyRevokedData> & { readonly version: 1 };

export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;
export const API_KEY_EVENT_TYPES: readonly ApiKeyEvent['type'][] = ['ApiKeyIssued', 'ApiKeyRevoked'];
