import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { TEST_ADMIN_KEY } from './test-app';

/** Shared assertions and look-ups of the e2e specs. */

/** A fresh id per test, readable in failures: `lead-3f2a9c1b`. */
export const uid = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Every error answer: the status, problem+json, the code (if given), and nothing of the server's insides. */
export const expectProblem = (res: Response, status: number, code?: string): void => {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, ...(code && { code }) } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), detail: expect.any(String) }));
  expect(res.body).not.toHaveProperty('stack');
  expect(res.text).not.toMatch(/\s+at .+\(.+:\d+:\d+\)|node_modules|\.ts:\d+/);
};

/** The field names a 400 lists in `errors[]`. */
export const errorFields = (res: Response): string[] => ((res.body.errors ?? []) as { field: string }[]).map((e) => e.field);

/** `collection` is leads, customers or complaints. */
export const history = async (http: TestAgent, collection: string, id: string) => {
  const res = await http.get(`/${collection}/${id}/history?limit=500`).expect(200);
  return res.body.items as { revision: number; type: string; data: Record<string, unknown>; reason: string | null; [key: string]: unknown }[];
};

export const historyLength = async (http: TestAgent, collection: string, id: string): Promise<number> => (await history(http, collection, id)).length;

export const stateOf = async <S = Record<string, any>>(http: TestAgent, collection: string, id: string): Promise<S & { revision: number }> => {
  const res = await http.get(`/${collection}/${id}/state`).expect(200);
  return { ...(res.body.state as S), revision: res.body.revision as number };
};

/**
 * Headers for a raw request: the admin key unless the caller brings credentials of its own
 * (X-API-Key or Authorization, in any case); `{ 'X-API-Key': '' }` sends none.
 */
export const withCredentials = (headers: Readonly<Record<string, string>> = {}): Record<string, string> => {
  const own = Object.keys(headers).some((name) => ['x-api-key', 'authorization'].includes(name.toLowerCase()));
  const chosen: Record<string, string> = own ? { ...headers } : { 'X-API-Key': TEST_ADMIN_KEY, ...headers };
  for (const name of Object.keys(chosen)) if (chosen[name] === '') delete chosen[name];
  return chosen;
};

export interface RaceRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** Sent as the admin unless they carry credentials (withCredentials). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Sends the requests at the same instant over connections opened beforehand, so they really race
 * inside the app. (supertest opens one connection per request, and those arrive one by one.)
 */
export const race = async (app: NestFastifyApplication, requests: readonly RaceRequest[]): Promise<{ status: number; body: any }[]> => {
  const server = app.getHttpServer();
  if (!server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: requests.length });
  const send = ({ method, path, body, headers = {} }: RaceRequest) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers: { 'content-type': 'application/json', ...withCredentials(headers) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  try {
    await Promise.all(requests.map(() => send({ method: 'GET', path: '/health/live' })));
    return await Promise.all(requests.map(send));
  } finally {
    agent.destroy();
  }
};

/** An ISO time `hours` before now (business times are back-dated with it; never in the future). */
export const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();

/**
 * Polls until `done(value)` holds, for at most `timeoutMs`; then fails, naming what it waited for
 * and the last value seen. For outcomes that happen after the answer (policies, timers, rebuilds),
 * never for reading one's own writes (that is `minPosition`).
 */
export const eventually = async <T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, { timeoutMs = 5_000, intervalMs = 50 } = {}): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(value)?.slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
