import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { appendFigures, flatAppendFigure } from './figures/append.figure';
import { aggregateLoadFigure } from './figures/aggregate-load.figure';
import { httpFigures } from './figures/http.figure';
import { rebuildFigure } from './figures/rebuild.figure';
import { reportFigures } from './figures/reports.figure';
import { BenchContext, createContext } from './lib/context';
import { Figure, printTable } from './lib/figure';
import { prepareData } from './lib/prepare';

/** One entry per npm script (`bench:<name>`); `npm run bench` runs them all, in this order. */
const SUITES: Readonly<Record<string, (ctx: BenchContext) => Promise<Figure[]>>> = {
  append: async (ctx) => [...(await appendFigures(ctx)), ...(await flatAppendFigure(ctx))],
  http: httpFigures,
  aggregate: aggregateLoadFigure,
  rebuild: rebuildFigure,
  reports: reportFigures,
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const ctx = createContext(args);
  const chosen = args.filter((a) => !a.startsWith('--'));
  const unknown = chosen.filter((name) => !(name in SUITES));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; one of ${Object.keys(SUITES).join(', ')}`);
  const names = chosen.length > 0 ? chosen : Object.keys(SUITES);
  const started = Date.now();
  ctx.log(
    `benchmarks ${names.join(', ')}${ctx.quick ? ' (--quick)' : ''}: ${ctx.runs} measured rounds after ${ctx.warmups} warm-up, median reported; ` +
      `event store ${ctx.eventStoreUrl ? 'EventStoreDB' : 'embedded SQLite'}, read store ${ctx.mongodbUrl ? 'MongoDB' : 'embedded SQLite'}; files in ${ctx.dir}`,
  );
  const figures: Figure[] = [];
  try {
    // A failed preparation is reported; each figure then writes what it lacks itself (and fails alone).
    await prepareData(ctx, names).catch((error: Error) => ctx.log(`${error.message}; the figures write what they lack themselves`));
    for (const name of names) {
      try {
        figures.push(...(await SUITES[name](ctx)));
      } catch (error) {
        ctx.log(`${name} failed: ${(error as Error).stack ?? error}`);
        figures.push({ figure: `${name}: FAILED`, ours: (error as Error).message.split('\n')[0].slice(0, 80), baseline: '-', ratio: '-', target: '-', met: false });
      }
    }
  } finally {
    rmSync(join(ctx.dir, 'runs'), { recursive: true, force: true });
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('');
  out(
    `Benchmarks${ctx.quick ? ' --quick' : ''} (${new Date().toISOString()}, node ${process.version}, ${require('node:os').cpus().length} cores): ` +
      `large log ${ctx.sizes.largeLog.toLocaleString('en-US')} events, pipeline ${ctx.sizes.pipelineLeads.toLocaleString('en-US')} leads; ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  out('');
  printTable(figures, out);
  // Benchmarks are not tests: a missed target is reported, never an exit code.
};

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(1);
  },
);
