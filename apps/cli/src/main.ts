import { runCli } from './cli';

/**
 * Admin command line. Reads the same environment as the API (DATA_DIR, EVENTSTORE_URL, MONGODB_URL)
 * and works on the same stores. `npm run cli -- help` lists the commands; each lives in commands/.
 */
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
