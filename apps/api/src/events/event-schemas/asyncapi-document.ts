import { EventContract } from '@app/domain/schemas';

/** The headers of every webhook delivery (the one place they are named; the sender uses these constants). */
export const WEBHOOK_HEADERS = {
  signature: 'X-Signature',
  eventId: 'X-Event-Id',
  eventType: 'X-Event-Type',
  attempt: 'X-Delivery-Attempt',
  webhookId: 'X-Webhook-Id',
} as const;

const componentName = (c: Pick<EventContract, 'type' | 'version'>) => `${c.type}.v${c.version}`;
const ref = ($ref: string) => ({ $ref });

const SIGNATURE_HELP =
  '`X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, with the secret returned once by POST /webhooks. ' +
  'Verify it over the raw body bytes with a constant-time comparison, and refuse old timestamps (e.g. older than 5 minutes) against replays.';

/**
 * AsyncAPI 3 description of the push feeds: the SSE stream of this API and the webhook deliveries it
 * POSTs to subscribers. Messages are the current version of every feed event, their payloads the
 * very JSON Schemas of /events/schemas (draft-07).
 */
export const asyncApiDocument = (contracts: readonly EventContract[], apiHost: string): Record<string, unknown> => {
  const delivered = contracts.filter((c) => c.feed && c.current);
  const schemas = Object.fromEntries(
    delivered.map((c) => [componentName(c), { schemaFormat: 'application/schema+json;version=draft-07', schema: c.schema }]),
  );
  const message = (c: EventContract, webhook: boolean) => ({
    name: c.type,
    title: `${c.type} v${c.version}`,
    ...(typeof c.schema.description === 'string' ? { summary: c.schema.description } : {}),
    contentType: 'application/json',
    payload: ref(`#/components/schemas/${componentName(c)}`),
    ...(webhook ? { traits: [ref('#/components/messageTraits/signedDelivery')] } : {}),
    externalDocs: { description: 'The JSON Schema on its own', url: `/events/schemas/${c.type}/${c.version}` },
  });
  const messages = Object.fromEntries(delivered.flatMap((c) => [[c.type, message(c, false)], [`${c.type}.webhook`, message(c, true)]]));
  const channelMessages = (suffix: string) => Object.fromEntries(delivered.map((c) => [c.type, ref(`#/components/messages/${c.type}${suffix}`)]));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Lead-to-customer event feeds',
      version: '1',
      description:
        'Events of leads, customers and complaints in global log order, always upcast to the latest version of their type. ' +
        'Pull: GET /events. Push: Server-Sent Events (GET /events/stream) and webhooks (POST /webhooks). Delivery is at least once: ' +
        'de-duplicate by `metadata.eventId` (or by `position`). Personal fields (each schema says which) are encrypted in the log under a key ' +
        'per data subject and delivered in the clear; once a subject is erased (PersonalDataErased on `subject-<id>`) they are delivered as ' +
        'the string "[erased]" (each item of a list), also in events delivered again. On PersonalDataErased, erase your copies of the subject.',
    },
    defaultContentType: 'application/json',
    servers: {
      api: { host: apiHost, protocol: 'http', description: 'This API: the SSE stream is served here' },
      subscriber: {
        host: '{subscriberHost}',
        protocol: 'https',
        description: 'A subscriber of the webhooks: deliveries are POSTed to the http(s) URL it registered',
        variables: { subscriberHost: { description: 'Host of the URL given at POST /webhooks' } },
      },
    },
    channels: {
      eventStream: {
        address: '/events/stream',
        title: 'Event stream (Server-Sent Events)',
        description:
          'GET /events/stream?types=&streams=&after= (text/event-stream). One frame per event: `id:` its log position, `event:` its type, ' +
          '`data:` the message payload as one line of JSON. `: heartbeat` comments every SSE_HEARTBEAT_MS. Reconnect with the `Last-Event-ID` ' +
          'header to resume with no gap and no repeat; a client that reads too slowly has its stream ended and resumes the same way.',
        servers: [ref('#/servers/api')],
        messages: channelMessages(''),
      },
      webhook: {
        address: null,
        title: 'Webhook deliveries',
        description:
          'One POST per event to the registered URL, body = the message payload. In order per stream (a stream waits while one of its events ' +
          'is retried), at least once, retried with exponential backoff and jitter for WEBHOOK_RETRY_FOR_MS, then parked until replayed ' +
          '(POST /webhooks/{id}/parked/replay). Any 2xx answer acknowledges; anything else, a redirect or no answer within WEBHOOK_TIMEOUT_MS is retried.',
        servers: [ref('#/servers/subscriber')],
        messages: channelMessages('.webhook'),
      },
    },
    operations: {
      streamEvents: { action: 'send', channel: ref('#/channels/eventStream'), title: 'Stream events to an SSE client', bindings: { http: { method: 'GET' } } },
      deliverWebhook: { action: 'send', channel: ref('#/channels/webhook'), title: 'Deliver an event to a webhook', description: SIGNATURE_HELP, bindings: { http: { method: 'POST' } } },
    },
    components: {
      schemas: {
        ...schemas,
        WebhookDeliveryHeaders: {
          type: 'object',
          required: Object.values(WEBHOOK_HEADERS),
          properties: {
            [WEBHOOK_HEADERS.signature]: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$', description: SIGNATURE_HELP },
            [WEBHOOK_HEADERS.eventId]: { type: 'string', description: '`metadata.eventId` of the event: de-duplicate by it' },
            [WEBHOOK_HEADERS.eventType]: { type: 'string', description: 'The event type' },
            [WEBHOOK_HEADERS.attempt]: { type: 'string', pattern: '^[1-9][0-9]*$', description: '1 for the first attempt, counting retries' },
            [WEBHOOK_HEADERS.webhookId]: { type: 'string', description: 'The registration the delivery belongs to' },
          },
        },
      },
      messages,
      messageTraits: {
        signedDelivery: { headers: ref('#/components/schemas/WebhookDeliveryHeaders') },
      },
    },
  };
};
