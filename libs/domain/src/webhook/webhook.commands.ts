import { Command } from '../shared';

export type RegisterWebhook = Command<
  'RegisterWebhook',
  {
    readonly webhookId: string;
    readonly url: string;
    readonly types?: readonly string[];
    readonly streams?: readonly string[];
    readonly description?: string;
    /** Sealed by the application before the command is decided (the decider never sees the secret). */
    readonly encryptedSecret: string;
  }
>;

export type RemoveWebhook = Command<'RemoveWebhook', { readonly webhookId: string }>;

export type WebhookCommand = RegisterWebhook | RemoveWebhook;
