import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClientRequest, IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withCredentials } from './e2e';

export interface SseFrame {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
}

/** The app's address, listening on a free local port (SSE and webhooks need a real socket). */
export const listen = async (app: NestFastifyApplication): Promise<string> => {
  const server = app.getHttpServer();
  if (!server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/**
 * A Server-Sent Events client over a plain HTTP request: frames and comment lines as they arrive,
 * with bounded waits. `pause()` stops reading the socket (a slow consumer).
 */
export class SseClient {
  readonly frames: SseFrame[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  /** Set when the server ended the response ('end') or the connection broke ('close' without end). */
  ended: 'end' | 'close' | null = null;
  private buffer = '';
  private response: IncomingMessage | undefined;
  private readonly request: ClientRequest;
  private readonly listeners = new Set<() => void>();

  private constructor(url: string, headers: Record<string, string>) {
    this.request = request(url, { headers: { accept: 'text/event-stream', ...withCredentials({ 'X-Purpose': 'automated test', ...headers }) } }, (response) => {
      this.response = response;
      this.status = response.statusCode ?? 0;
      this.headers = response.headers;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => this.receive(chunk));
      response.on('end', () => this.finish('end'));
      response.on('close', () => this.finish('close'));
      response.on('error', () => this.finish('close'));
      this.notify();
    });
    this.request.on('error', () => this.finish('close'));
    this.request.end();
  }

  /** As the admin unless `headers` carry credentials (see withCredentials). */
  static open(baseUrl: string, path: string, headers: Record<string, string> = {}): SseClient {
    return new SseClient(`${baseUrl}${path}`, headers);
  }

  /** Waits (bounded) until `done()` holds; fails naming what it waited for. */
  async until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ${this.frames.length} frames, ended: ${this.ended}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, Math.min(left, 100));
        const listener = () => finish();
        this.listeners.add(listener);
        function finish() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }

  /** The frames that carry events (`event:` set), with their data parsed (once, as they arrive). */
  readonly events: { id: number; type: string; event: Record<string, any> }[] = [];

  get lastEventId(): string | undefined {
    return [...this.frames].reverse().find((f) => f.id !== undefined)?.id;
  }

  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  /** Drops the connection, as a client that goes away. */
  close(): void {
    this.request.destroy();
    this.response?.destroy();
  }

  private receive(chunk: string): void {
    const from = Math.max(0, this.buffer.length - 1);
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n', from); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else {
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          fields[name] = (fields[name] === undefined ? '' : `${fields[name]}\n`) + (colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, ''));
        }
      }
      if (fields.data === undefined) continue;
      this.frames.push({ id: fields.id, event: fields.event, data: fields.data });
      if (fields.event !== undefined) this.events.push({ id: Number(fields.id), type: fields.event, event: JSON.parse(fields.data) });
    }
    this.notify();
  }

  private finish(how: 'end' | 'close'): void {
    this.ended ??= how;
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }
}
