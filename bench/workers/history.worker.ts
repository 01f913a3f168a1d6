import { createContext } from '../lib/context';
import { historyDataDir } from '../lib/history';
import { pipelineDataDir } from '../lib/read-models';

/**
 * Generates (or finds cached) the seeded history of `<events>` events, `node history.worker.js 1000000`,
 * or the pipeline of `<leads>` leads, `node history.worker.js pipeline 200000`; prints the folder.
 */
const main = async () => {
  const args = process.argv.slice(2);
  const ctx = createContext(args);
  if (args[0] === 'pipeline') {
    process.stdout.write(`${await pipelineDataDir(ctx, Number(args[1]))}\n`);
    return;
  }
  const { dataDir, info } = await historyDataDir(ctx, Number(args[0]));
  process.stdout.write(`${dataDir} ${JSON.stringify(info)}\n`);
};
main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
