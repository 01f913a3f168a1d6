import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withCredentials } from '../../support/e2e';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: any;
  /** Milliseconds from sending to the end of the answer. */
  readonly ms: number;
}

export interface SendOptions {
  readonly body?: unknown;
  /** Sent as the admin (TEST_ADMIN_KEY) unless they carry credentials of their own (withCredentials). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Real HTTP over loopback with keep-alive connections, as a load generator needs (supertest opens a
 * connection per request). It only ever talks to 127.0.0.1. Every request has a timeout,
 * so no loop can hang; a connection that dies (the server was killed) rejects the request.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    readonly port: number,
    options: { readonly sockets: number; readonly timeoutMs?: number } = { sockets: 16 },
    private readonly timeoutMs = options.timeoutMs ?? 15_000,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: options.sockets, maxFreeSockets: options.sockets });
  }

  get(path: string, headers: Readonly<Record<string, string>> = {}): Promise<HttpAnswer> {
    return this.send('GET', path, { headers });
  }

  post(path: string, body: unknown, headers: Readonly<Record<string, string>> = {}): Promise<HttpAnswer> {
    return this.send('POST', path, { body, headers });
  }

  send(method: 'GET' | 'POST', path: string, { body, headers = {} }: SendOptions = {}): Promise<HttpAnswer> {
    const started = performance.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: { ...(payload !== undefined && { 'content-type': 'application/json' }), ...withCredentials(headers) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('error', reject);
          res.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode!, headers: res.headers, body: parsed, ms: performance.now() - started });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Closes every connection (pending requests fail). */
  destroy(): void {
    this.agent.destroy();
  }
}

export interface ProjectionState {
  readonly name: string;
  readonly state: string;
  readonly checkpoint: number;
  readonly headPosition: number;
  readonly lastError: { readonly message: string } | null;
}

/** Waits (bounded) until GET /projections shows every read model live and at the head of the log. */
export const waitForReadModels = async (http: HttpClient, timeoutMs = 30_000): Promise<ProjectionState[]> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const answer = await http.get('/projections');
      last = answer.body;
      const status = answer.body as ProjectionState[];
      if (answer.status === 200 && status.every((s) => s.state === 'live' && s.checkpoint >= s.headPosition)) return status;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() >= deadline) throw new Error(`read models did not catch up within ${timeoutMs} ms: ${JSON.stringify(last).slice(0, 1500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Listens on 127.0.0.1 and a free port; returns the port. */
export const listenOnLoopback = async (app: NestFastifyApplication): Promise<number> => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.getHttpServer().address() as AddressInfo).port;
};
