import 'reflect-metadata';
import { createApp } from './bootstrap';
import { loadConfig } from './api-config';

/** Starts the API. Any failure to start is one clear line on stderr and exit code 1, no stack trace. */
const main = async (): Promise<void> => {
  const config = loadConfig();
  const app = await createApp(config);
  // Finish in-flight requests and close the stores (a final fsync), then exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`Error while stopping: ${error.message}\n`);
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ port: config.port, host: config.host });
  const where = config.eventStoreUrl ? 'EventStoreDB' : `embedded SQLite in ${config.dataDir}`;
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  process.stdout.write(`API listening on ${url} (events: ${where}; docs: ${url}/docs)\n`);
};

main().catch((error: Error) => {
  process.stderr.write(`Cannot start the API: ${error.message.split('\n')[0]}\n`);
  process.exit(1);
});
