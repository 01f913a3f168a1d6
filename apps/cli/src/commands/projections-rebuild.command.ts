import { PROJECTIONS } from '@app/read-models';
import { CliCommand, CliError, CliIo, parseFlags, usageError } from '../cli-command';
import { interruptedError, NOT_INTERRUPTED, StopSignal } from '../interruption';
import { Progress } from '../progress';
import { ProjectionReport, reports, statusTable, waitUntilIdle, withProjector } from '../projector';
import { CliConfig, cliConfig } from '../stores';

const POLL_MS = 100;
/** The events a rebuild will apply are counted up to this many per read model (EventStoreDB counts by reading); beyond, the bar shows a count without a total. */
const COUNT_LIMIT = 1_000_000;
/** After the swap, how long to wait for the new generations to settle before printing their status. */
const SETTLE_MS = 5_000;

/**
 * Rebuilds one projection, or all, from the start of the log beside the live generation, one after
 * the other, then swaps each in (ProjectionRunner.rebuild); prints the new status.
 */
export const rebuildProjections = async (config: CliConfig, target: string, io: CliIo): Promise<ProjectionReport[]> => {
  // The one place a name typed by the user is turned into the read model it stands for.
  const chosen = PROJECTIONS.filter((p) => target === 'all' || p.name === target);
  const stop = io.interruption ?? NOT_INTERRUPTED;
  const stopAsked = new Promise<void>((resolve) => stop.onStop(() => resolve()));
  if (chosen.length === 0) throw usageError(`no projection named "${target}"; one of ${PROJECTIONS.map((p) => p.name).join(', ')}, or all`);
  return withProjector(
    config,
    (pid) => `the API (pid ${pid}) owns the read models; rebuild through it: POST /projections/${target === 'all' ? '<name>' : target}/rebuild`,
    async (session) => {
      const { runner } = session;
      const progress = new Progress(io.stderr, 'rebuild', 'events');
      const swapped: string[] = [];
      try {
        // Counted: positions are no count of events (on EventStoreDB they are byte offsets).
        const totals = progress.enabled ? await Promise.all(chosen.map((p) => runner.eventsToRebuild(p, COUNT_LIMIT))) : chosen.map(() => 0);
        const total = totals.some((t) => t >= COUNT_LIMIT) ? undefined : totals.reduce((sum, t) => sum + t, 0);
        let before = 0;
        for (const [index, projection] of chosen.entries()) {
          if (stop.signal) throw stopped(stop.signal, swapped, undefined);
          const { name } = projection;
          const rebuilt = runner.rebuild(projection);
          let applied = 0;
          let finished = false;
          void rebuilt.then(
            () => (finished = true),
            () => (finished = true),
          );
          while (!finished) {
            const status = (await runner.status()).find((s) => s.name === name);
            // Events appended meanwhile are applied too: never past this read model's share of the bar.
            applied = status?.rebuild?.eventsApplied ?? applied;
            const done = before + (total === undefined ? applied : Math.min(totals[index], applied));
            progress.update({ done, total, detail: `${name} (${index + 1}/${chosen.length})` });
            // Only waits: a failed rebuild is thrown by `await rebuilt` below.
            await Promise.race([rebuilt.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, POLL_MS)), stopAsked]);
            if (stop.signal && !finished) {
              // The batch in hand is committed with its checkpoint; the new generation is left unused
              // beside the live one (which never stopped serving) and dropped by the next rebuild.
              await runner.stop();
              throw stopped(stop.signal, swapped, name);
            }
          }
          await rebuilt;
          swapped.push(name);
          before += total === undefined ? applied : totals[index];
        }
      } finally {
        progress.finish();
      }
      await waitUntilIdle(runner, SETTLE_MS);
      const rows = await reports(session);
      io.stdout.write(statusTable(rows));
      return rows;
    },
    // Once stopped, the abandoned rebuild fails on the closed stores: expected, not worth a line.
    { error: (message, stack) => void (stop.signal ? undefined : process.stderr.write(`${stack ? `${message}\n${stack}` : message}\n`)) },
  );
};

const stopped = (signal: StopSignal, swapped: readonly string[], abandoned: string | undefined): CliError =>
  interruptedError(
    signal,
    `rebuild stopped by ${signal}: ${swapped.length ? `${swapped.join(', ')} rebuilt and swapped in` : 'nothing swapped in'}` +
      `${abandoned ? `; ${abandoned} not rebuilt, its live read model unchanged` : ''}; projections rebuild <name> does the rest`,
  );

export const projectionsRebuildCommand: CliCommand = {
  name: 'projections rebuild',
  interruptible: true,
  args: '<name|all>',
  description: 'rebuilds read models from the log beside the live ones and swaps them in (not while the API runs)',
  options: [
    ['<name|all>', 'the read model to rebuild, or all of them'],
  ],
  examples: [
    'projections rebuild all',
    'projections rebuild pipeline',
  ],
  async run(args, io) {
    const { positionals } = parseFlags(args, {}, ['name|all']);
    await rebuildProjections(cliConfig(io), positionals[0], io);
  },
};
