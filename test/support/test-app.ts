import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp, CreateAppOptions } from '../../apps/api/src/bootstrap';
import { loadConfig } from '@app/config';
import { logContractViolations } from './event-contracts';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly http: TestAgent;
  readonly dataDir: string;
  /** Closes the app; the data stays, so a new app on the same dataDir sees it (restart). */
  close(): Promise<void>;
  /** Closes the app and deletes its data. */
  destroy(): Promise<void>;
}

/** The real application on the embedded default, in a fresh temporary DATA_DIR unless one is given. */
export const startTestApp = async (options: { dataDir?: string; env?: Record<string, string>; adapters?: CreateAppOptions['adapters'] } = {}): Promise<TestApp> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'l2c-e2e-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error', ...options.env });
  const app = await createApp(config, { logger: false, adapters: options.adapters });
  let closed = false;
  const close = async () => {
    if (!closed) await app.close();
    closed = true;
  };
  return {
    app,
    http: request(app.getHttpServer()),
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
