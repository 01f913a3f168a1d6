import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp, CreateAppOptions } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/api-config';
import { logContractViolations } from './event-contracts';
import type { Role } from '@app/application/principal';

/** The admin key every test app accepts (BOOTSTRAP_ADMIN_KEY); `http` sends it. */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';

export interface Caller {
  readonly role: Role;
  readonly teamId?: string;
  readonly ownerId?: string;
}

export interface TestApp {
  readonly app: NestFastifyApplication;
  /** Requests as the bootstrap admin (X-API-Key: TEST_ADMIN_KEY). */
  readonly http: TestAgent;
  /** Requests without credentials. */
  readonly anonymous: TestAgent;
  /** Requests as another caller: an API key with that role, team and owner is issued on first use. */
  as(caller: Caller): Promise<TestAgent>;
  readonly dataDir: string;
  /** Closes the app; the data stays, so a new app on the same dataDir sees it (restart). */
  close(): Promise<void>;
  /** Closes the app and deletes its data. */
  destroy(): Promise<void>;
}

/** `npm run test:sparse` runs the suites again with gaps between positions: the app under test gets the setting too. */
export const SPARSE_POSITIONS: Record<string, string> = process.env.EVENT_LOG_SPARSE_POSITIONS ? { EVENT_LOG_SPARSE_POSITIONS: process.env.EVENT_LOG_SPARSE_POSITIONS } : {};

/** The real application on the embedded default, in a fresh temporary DATA_DIR unless one is given. */
export const startTestApp = async (
  options: { dataDir?: string; env?: Record<string, string>; adapters?: CreateAppOptions['adapters']; clock?: CreateAppOptions['clock'] } = {},
): Promise<TestApp> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'l2c-e2e-'));
  // No rate limit unless a test sets one: a suite sends far more than a caller's budget per minute.
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error', BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY, RATE_LIMIT_PER_MINUTE: '0', ...SPARSE_POSITIONS, ...options.env });
  const app = await createApp(config, { logger: false, adapters: options.adapters, clock: options.clock });
  let closed = false;
  const close = async () => {
    if (!closed) await app.close();
    closed = true;
  };
  // Customer files and exports need a stated purpose (X-Purpose): tests state theirs once here.
  const http = request.agent(app.getHttpServer()).set('X-API-Key', TEST_ADMIN_KEY).set('X-Purpose', 'automated test');
  const callers = new Map<string, TestAgent>();
  return {
    app,
    http,
    anonymous: request(app.getHttpServer()),
    as: async (caller) => {
      const label = JSON.stringify(caller);
      const known = callers.get(label);
      if (known) return known;
      const issued = await http.post('/api-keys').send({ ...caller, label: `test caller ${label}` });
      if (issued.status !== 201) throw new Error(`could not issue a key for ${label}: ${issued.status} ${JSON.stringify(issued.body)}`);
      const agent = request.agent(app.getHttpServer()).set('X-API-Key', issued.body.key).set('X-Purpose', 'automated test');
      callers.set(label, agent);
      return agent;
    },
    dataDir,
    close,
    destroy: async () => {
      await close();
      // Every event the suite wrote must match its published schema (/events/schemas).
      const violations = await logContractViolations(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
      if (violations.length) throw new Error(`events that break their schema:\n${violations.slice(0, 20).join('\n')}`);
    },
  };
};
