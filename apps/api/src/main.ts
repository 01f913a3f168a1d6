import 'reflect-metadata';
import { createApp } from './bootstrap';
import { loadConfig } from './config/app-config';

/** Starts the API. Any failure to start is one clear line on stderr and exit code 1, no stack trace. */
const main = async (): Promise<void> => {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const where = config.eventStoreUrl ? 'EventStoreDB' : `embedded SQLite in ${config.dataDir}`;
  process.stdout.write(`API listening on http://localhost:${config.port} (events: ${where}; docs: /docs)\n`);
};

main().catch((error: Error) => {
  process.stderr.write(`Cannot start the API: ${error.message.split('\n')[0]}\n`);
  process.exit(1);
});
