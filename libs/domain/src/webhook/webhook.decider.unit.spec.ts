import { DomainError, fold } from '../shared';
import { decideGiven } from '../shared/given-when-then';
import { RegisterWebhook, RemoveWebhook, WebhookCommand } from './webhook.commands';
import { isHttpUrl, webhookDecider } from './webhook.decider';
import { WebhookEvent, WebhookRegistered } from './webhook.events';

const AT = '2025-03-01T10:00:00.000Z';
const context = { occurredAt: AT, now: AT, actor: 'ops-1' };

const register = (data: Partial<RegisterWebhook['data']> = {}): RegisterWebhook => ({
  type: 'RegisterWebhook',
  data: { webhookId: 'wh-1', url: 'https://example.com/hooks', encryptedSecret: 'v1.sealed', ...data },
  context,
});
const remove: RemoveWebhook = { type: 'RemoveWebhook', data: { webhookId: 'wh-1' }, context };

const registered: WebhookRegistered = {
  type: 'WebhookRegistered',
  version: 1,
  data: { webhookId: 'wh-1', url: 'https://example.com/hooks', types: [], streams: [], encryptedSecret: 'v1.sealed', at: AT },
};

const decide = (given: readonly WebhookEvent[], command: WebhookCommand) => decideGiven(webhookDecider, given, command);
const refusal = (decision: unknown) => (decision instanceof DomainError ? { code: decision.code, kind: decision.kind } : decision);

describe('webhookDecider', () => {
  it('registers a webhook with its filters (duplicates dropped) and the sealed secret, never a plain one', () => {
    expect(decide([], register({ types: ['LeadCaptured', 'LeadCaptured'], streams: ['lead-'], description: 'CRM sync' }))).toEqual([
      {
        type: 'WebhookRegistered',
        version: 1,
        data: { webhookId: 'wh-1', url: 'https://example.com/hooks', types: ['LeadCaptured'], streams: ['lead-'], description: 'CRM sync', encryptedSecret: 'v1.sealed', at: AT },
      },
    ]);
  });

  it('without filters the webhook gets every type of every stream (empty lists)', () => {
    expect(decide([], register())).toEqual([expect.objectContaining({ data: expect.objectContaining({ types: [], streams: [] }) })]);
  });

  it.each(['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'http://'])('refuses %s: only http(s) URLs', (url) => {
    expect(refusal(decide([], register({ url })))).toEqual({ code: 'WEBHOOK_URL_NOT_HTTP', kind: 'rule_violated' });
  });

  it('refuses a second registration under the same id, also after removal', () => {
    expect(refusal(decide([registered], register()))).toEqual({ code: 'WEBHOOK_ALREADY_EXISTS', kind: 'already_exists' });
    const removed: WebhookEvent = { type: 'WebhookRemoved', version: 1, data: { webhookId: 'wh-1', at: AT } };
    expect(refusal(decide([registered, removed], register()))).toEqual({ code: 'WEBHOOK_ALREADY_EXISTS', kind: 'already_exists' });
  });

  it('removes a registered webhook once; removing an unknown or removed one is not found', () => {
    const events = decide([registered], remove) as WebhookEvent[];
    expect(events).toEqual([{ type: 'WebhookRemoved', version: 1, data: { webhookId: 'wh-1', at: AT } }]);
    expect(refusal(decide([registered, ...events], remove))).toEqual({ code: 'WEBHOOK_NOT_FOUND', kind: 'not_found' });
    expect(refusal(decide([], remove))).toEqual({ code: 'WEBHOOK_NOT_FOUND', kind: 'not_found' });
  });

  it('folds registration and removal into the state', () => {
    expect(fold(webhookDecider, [registered])).toMatchObject({ exists: true, removed: false, url: 'https://example.com/hooks', registeredAt: AT });
    expect(fold(webhookDecider, [registered, { type: 'WebhookRemoved', version: 1, data: { webhookId: 'wh-1', at: AT } }])).toMatchObject({ removed: true, removedAt: AT });
  });

  it('isHttpUrl accepts http and https with a host only', () => {
    expect([isHttpUrl('http://127.0.0.1:8080/x'), isHttpUrl('https://a.example/'), isHttpUrl('HTTPS://A.EXAMPLE/'), isHttpUrl('mailto:a@b.c')]).toEqual([true, true, true, false]);
  });
});
