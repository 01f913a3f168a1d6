#!/usr/bin/env node
import { processIo, runCli } from './cli';
import { processInterruption } from './interruption';

/**
 * Admin command line, installed as the `l2c` bin. Reads the same environment as the API (DATA_DIR,
 * EVENTSTORE_URL, MONGODB_URL) and works on the same stores. `l2c --help` lists the commands; each
 * lives in commands/.
 */
// A reader that stops reading (`l2c --help | head`) is no error: what it wanted it has.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`cannot write the output: ${error.message}\n`);
  process.exit(error.code === 'EPIPE' ? 0 : 1);
});
const interruption = processInterruption(process.stderr);
runCli(process.argv.slice(2), { ...processIo(), interruption }).then((code) => {
  process.exitCode = code;
  // Stopped on a signal: the stores are closed; work abandoned on purpose (a rebuild's wait) must not hold the process.
  if (interruption.signal) process.exit(code);
});
