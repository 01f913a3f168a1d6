import 'reflect-metadata';
import { PROJECTIONS } from '@app/read-models';
import { createApp } from './bootstrap';
import { AppConfig, loadConfig } from './api-config';
import { IssueApiKeys } from './api-keys/issue-api-keys';
import { POLICIES, Policy } from './policies/policy';

/** SIGHUP too: a closed terminal or a process manager's reload must not leave the stores unflushed. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
/** How long closing may take (requests in flight, the last read-model batch, a final fsync) before the process gives up. */
const STOP_TIMEOUT_MS = 10_000;

/** A few lines an operator reads at start: where the API answers and what it runs on. */
const summary = (config: AppConfig, url: string, policies: number): string =>
  [
    `API listening on ${url} (docs: ${url}/docs, dashboard: ${url}/dashboard)`,
    `  data:    ${config.dataDir}`,
    `  events:  ${config.eventStoreUrl ? `EventStoreDB at ${redact(config.eventStoreUrl)}` : 'embedded SQLite'}; read models: ${config.mongodbUrl ? `MongoDB at ${redact(config.mongodbUrl)}` : 'embedded'}`,
    `  workers: ${PROJECTIONS.length} read models, ${policies} policies, webhook deliveries, deadline scan every ${Math.round(config.deadlineScanIntervalMs / 1000)} s (pid ${process.pid}; LOG_LEVEL=${config.logLevel})`,
    '',
  ].join('\n');

/** A server URL without its user name and password, if it carries them. */
const redact = (raw: string): string => {
  try {
    const url = new URL(raw);
    if (url.username || url.password) [url.username, url.password] = ['***', ''];
    return url.toString();
  } catch {
    return raw;
  }
};

/** Starts the API. Any failure to start is one clear line on stderr and exit code 1, no stack trace. */
const main = async (): Promise<void> => {
  const config = loadConfig();
  const app = await createApp(config, { deferFirstAdminKey: true });
  // Finish in-flight requests and close the stores (a final fsync), then exit 0. Whoever receives the
  // signal: `npm start` execs node, so a signal sent to npm reaches this process too.
  let stopping = false;
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      const timer = setTimeout(() => {
        process.stderr.write(`Stopping took longer than ${STOP_TIMEOUT_MS / 1000} s; exiting anyway\n`);
        process.exit(1);
      }, STOP_TIMEOUT_MS);
      timer.unref();
      app.close().then(
        () => {
          process.stdout.write(`Stopped on ${signal}.\n`);
          process.exit(0);
        },
        (error: Error) => {
          process.stderr.write(`Error while stopping: ${error.message}\n`);
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ port: config.port, host: config.host });
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  process.stdout.write(summary(config, url, app.get<readonly Policy[]>(POLICIES).length));
  // Last, so that it is the last thing on the screen and at the end of a process manager's log.
  app.get(IssueApiKeys).announceFirstAdminKey();
};

main().catch((error: Error) => {
  process.stderr.write(`Cannot start the API: ${error.message.split('\n')[0]}\n`);
  process.exit(1);
});
