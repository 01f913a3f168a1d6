import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly event: Record<string, any>;
  /** The answer the receiver gave. */
  readonly answered: number | 'timeout';
  readonly at: number;
}

/** How the receiver answers the n-th request (1-based): a status, or 'timeout' (never answers). */
export type Behaviour = (n: number, delivery: { headers: IncomingMessage['headers']; body: string }) => number | 'timeout';

/**
 * The README's verification, as a subscriber would write it: HMAC-SHA256 over `<t>.<raw body>`,
 * compared in constant time.
 */
export const verifySignature = (secret: string, header: string | undefined, body: string): boolean => {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
};

/**
 * The receivers listen on 127.0.0.1, a loopback address the webhook target rules refuse. An app
 * that delivers to them allows it in its settings, as an on-premises deployment allows its own
 * receivers: `startTestApp({ env: { ...LOCAL_RECEIVERS } })`.
 */
export const LOCAL_RECEIVERS = { WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' } as const;

/** A local HTTP server on 127.0.0.1 that records every webhook delivery and answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();

  /** `delayMs`: how long every answer takes. */
  constructor(
    public behaviour: Behaviour = () => 200,
    private readonly delayMs = 0,
  ) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const answer = this.behaviour(this.received.length + 1, { headers: request.headers, body });
        this.received.push({ headers: request.headers, body, event: JSON.parse(body), answered: answer, at: Date.now() });
        if (answer === 'timeout') {
          this.hanging.add(response);
          response.on('close', () => this.hanging.delete(response));
          return;
        }
        const send = () => {
          if (!response.destroyed) response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
        };
        if (this.delayMs) setTimeout(send, this.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** Deliveries answered 2xx, de-duplicated by event id, in the order they arrived. */
  acknowledged(): ReceivedDelivery[] {
    const seen = new Set<string>();
    return this.received.filter((d) => typeof d.answered === 'number' && d.answered < 300 && !seen.has(d.event.metadata.eventId) && seen.add(d.event.metadata.eventId));
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
