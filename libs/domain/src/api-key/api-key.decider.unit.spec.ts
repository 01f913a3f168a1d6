import { DomainError, fold } from '../shared';
import { decideGiven } from '../shared/given-when-then';
import { ApiKeyCommand, IssueApiKey, RevokeApiKey } from './api-key.commands';
import { apiKeyDecider } from './api-key.decider';
import { ApiKeyEvent, ApiKeyIssued } from './api-key.events';

const AT = '2025-03-01T10:00:00.000Z';
const context = { occurredAt: AT, now: AT, actor: 'admin-1' };

const issue = (data: Partial<IssueApiKey['data']> = {}): IssueApiKey => ({
  type: 'IssueApiKey',
  data: { keyId: 'k1', secretHash: 'ab'.repeat(32), role: 'analyst', label: 'nightly export', ...data },
  context,
});
const revoke: RevokeApiKey = { type: 'RevokeApiKey', data: { keyId: 'k1', reason: 'rotated' }, context };
const issued: ApiKeyIssued = { type: 'ApiKeyIssued', version: 1, data: { keyId: 'k1', secretHash: 'ab'.repeat(32), role: 'analyst', label: 'nightly export', at: AT } };

const decide = (given: readonly ApiKeyEvent[], command: ApiKeyCommand) => decideGiven(apiKeyDecider, given, command);
const refusal = (decision: unknown) => (decision instanceof DomainError ? { code: decision.code, kind: decision.kind } : decision);

describe('apiKeyDecider', () => {
  it('issues a key with its role, team and owner, recording only the hash', () => {
    expect(decide([], issue({ teamId: 'north', ownerId: 'u-7' }))).toEqual([
      { type: 'ApiKeyIssued', version: 1, data: { keyId: 'k1', secretHash: 'ab'.repeat(32), role: 'analyst', teamId: 'north', ownerId: 'u-7', label: 'nightly export', at: AT } },
    ]);
  });

  it('refuses a second key under the same id, also after revocation', () => {
    expect(refusal(decide([issued], issue()))).toEqual({ code: 'API_KEY_ALREADY_EXISTS', kind: 'already_exists' });
    expect(refusal(decide([issued, { type: 'ApiKeyRevoked', version: 1, data: { keyId: 'k1', at: AT } }], issue()))).toEqual({ code: 'API_KEY_ALREADY_EXISTS', kind: 'already_exists' });
  });

  it('revokes a key once; revoking again changes nothing; an unknown key is not found', () => {
    const events = decide([issued], revoke) as ApiKeyEvent[];
    expect(events).toEqual([{ type: 'ApiKeyRevoked', version: 1, data: { keyId: 'k1', reason: 'rotated', at: AT } }]);
    expect(decide([issued, ...events], revoke)).toEqual([]);
    expect(refusal(decide([], revoke))).toEqual({ code: 'API_KEY_NOT_FOUND', kind: 'not_found' });
  });

  it('folds issue and revocation into the state', () => {
    expect(fold(apiKeyDecider, [issued])).toMatchObject({ exists: true, revoked: false, role: 'analyst', teamId: null, ownerId: null, issuedAt: AT });
    expect(fold(apiKeyDecider, [issued, { type: 'ApiKeyRevoked', version: 1, data: { keyId: 'k1', at: AT } }])).toMatchObject({ revoked: true, revokedAt: AT });
  });
});
