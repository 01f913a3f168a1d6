import { AppConfig } from '@app/config';
import { PROJECTIONS } from '@app/projections';
import { CliCommand, CliIo, parseFlags, usageError } from '../cli-command';
import { Progress } from '../progress';
import { ProjectionReport, reports, statusTable, waitUntilIdle, withProjector } from '../projector';
import { cliConfig } from '../stores';

const POLL_MS = 100;
/** After the swap, how long to wait for the new generations to settle before printing their status. */
const SETTLE_MS = 5_000;

/**
 * Rebuilds one projection, or all, from the start of the log beside the live generation, one after
 * the other, then swaps each in (ProjectionRunner.rebuild); prints the new status.
 */
export const rebuildProjections = async (config: AppConfig, target: string, io: CliIo): Promise<ProjectionReport[]> => {
  const names = PROJECTIONS.map((p) => p.name);
  if (target !== 'all' && !names.includes(target)) throw usageError(`no projection named "${target}"; one of ${names.join(', ')}, or all`);
  const chosen = target === 'all' ? names : [target];
  return withProjector(
    config,
    (pid) => `the API (pid ${pid}) owns the read models; rebuild through it: POST /projections/${target === 'all' ? '<name>' : target}/rebuild`,
    async (session) => {
      const { runner, events } = session;
      const progress = new Progress(io.stderr, 'rebuild', 'events');
      try {
        for (const [index, name] of chosen.entries()) {
          const head = await events.headPosition();
          const rebuilt = runner.rebuild(name);
          let finished = false;
          void rebuilt.then(
            () => (finished = true),
            () => (finished = true),
          );
          while (!finished) {
            const status = (await runner.status()).find((s) => s.name === name);
            // Log positions stand for events: the embedded log numbers them 1, 2, 3…
            const done = Math.min(head, status?.rebuild?.checkpoint ?? head);
            progress.update({ done: index * head + done, total: chosen.length * head, detail: `${name} (${index + 1}/${chosen.length})` });
            await Promise.race([rebuilt.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
          }
          await rebuilt;
        }
      } finally {
        progress.finish();
      }
      await waitUntilIdle(runner, SETTLE_MS);
      const rows = await reports(session);
      io.stdout.write(statusTable(rows));
      return rows;
    },
  );
};

export const projectionsRebuildCommand: CliCommand = {
  name: 'projections rebuild',
  args: '<name|all>',
  description: 'rebuilds read models from the log beside the live ones and swaps them in (not while the API runs)',
  async run(args, io) {
    const { positionals } = parseFlags(args, {}, ['name|all']);
    await rebuildProjections(cliConfig(io), positionals[0], io);
  },
};
