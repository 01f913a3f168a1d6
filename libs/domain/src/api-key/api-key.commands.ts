import { Command } from '../shared';

export type IssueApiKey = Command<
  'IssueApiKey',
  {
    readonly keyId: string;
    /** Hashed by the application before the command is decided (the decider never sees the secret). */
    readonly secretHash: string;
    readonly role: string;
    readonly teamId?: string;
    readonly ownerId?: string;
    readonly label: string;
  }
>;

export type RevokeApiKey = Command<'RevokeApiKey', { readonly keyId: string; readonly reason?: string }>;

export type ApiKeyCommand = IssueApiKey | RevokeApiKey;
