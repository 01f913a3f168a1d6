import { createContext } from '../lib/context';
import { historyDataDir } from '../lib/history';

/** Generates (or finds cached) the seeded history of `<events>` events: `node history.worker.js 1000000`. */
const main = async () => {
  const ctx = createContext(process.argv.slice(2));
  const { dataDir, info } = await historyDataDir(ctx, Number(process.argv[2]));
  process.stdout.write(`${dataDir} ${JSON.stringify(info)}\n`);
};
void main();
