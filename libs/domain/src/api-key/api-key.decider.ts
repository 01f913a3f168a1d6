import { alreadyExists, Decider, Decision, notFound, withoutUndefined } from '../shared';
import { ApiKeyCommand, IssueApiKey, RevokeApiKey } from './api-key.commands';
import { ApiKeyEvent } from './api-key.events';

export const API_KEY_ERROR_CODES = ['API_KEY_ALREADY_EXISTS', 'API_KEY_NOT_FOUND'] as const;

export interface ApiKeyState {
  readonly exists: boolean;
  readonly revoked: boolean;
  readonly keyId: string | null;
  readonly secretHash: string | null;
  readonly role: string | null;
  readonly teamId: string | null;
  readonly ownerId: string | null;
  readonly label: string | null;
  readonly issuedAt: string | null;
  readonly revokedAt: string | null;
}

export const initialApiKeyState: ApiKeyState = {
  exists: false,
  revoked: false,
  keyId: null,
  secretHash: null,
  role: null,
  teamId: null,
  ownerId: null,
  label: null,
  issuedAt: null,
  revokedAt: null,
};

const issue = (command: IssueApiKey, state: ApiKeyState): Decision<ApiKeyEvent> => {
  const { keyId, secretHash, role, teamId, ownerId, label } = command.data;
  if (state.exists) return alreadyExists('API_KEY_ALREADY_EXISTS', `API key ${keyId} already exists.`, { keyId });
  return [{ type: 'ApiKeyIssued', version: 1, data: withoutUndefined({ keyId, secretHash, role, teamId, ownerId, label, at: command.context.occurredAt }) }];
};

const revoke = (command: RevokeApiKey, state: ApiKeyState): Decision<ApiKeyEvent> => {
  const { keyId, reason } = command.data;
  if (!state.exists) return notFound('API_KEY_NOT_FOUND', `No API key with id ${keyId}.`, { keyId });
  // Revoking twice changes nothing: the caller's intent (the key must not work) already holds.
  if (state.revoked) return [];
  return [{ type: 'ApiKeyRevoked', version: 1, data: withoutUndefined({ keyId, reason, at: command.context.occurredAt }) }];
};

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyState, ApiKeyEvent> = {
  initialState: initialApiKeyState,
  decide: (command, state) => (command.type === 'IssueApiKey' ? issue(command, state) : revoke(command, state)),
  evolve: (state, event) => {
    switch (event.type) {
      case 'ApiKeyIssued': {
        const { keyId, secretHash, role, teamId, ownerId, label, at } = event.data;
        return { ...state, exists: true, keyId, secretHash, role, teamId: teamId ?? null, ownerId: ownerId ?? null, label, issuedAt: at };
      }
      case 'ApiKeyRevoked':
        return { ...state, revoked: true, revokedAt: event.data.at };
      default:
        return state;
    }
  },
};
