import { CliCommand, CliIo, integerFlag, parseFlags } from '../cli-command';
import { ProjectionReport, reports, statusTable, waitUntilIdle, withProjector } from '../projector';
import { CliConfig, cliConfig } from '../stores';

export const DEFAULT_STATUS_WAIT_MS = 2_000;

/** Runs every projection here until each is caught up (or `waitMs` passed), then reports and stops. */
export const projectionsStatus = async (config: CliConfig, io: CliIo, waitMs = DEFAULT_STATUS_WAIT_MS): Promise<ProjectionReport[]> =>
  withProjector(
    config,
    (pid) => `the API (pid ${pid}) owns the read models; ask it: GET /projections`,
    async (session) => {
      await waitUntilIdle(session.runner, waitMs);
      const rows = await reports(session);
      io.stdout.write(statusTable(rows));
      return rows;
    },
  );

export const projectionsStatusCommand: CliCommand = {
  name: 'projections status',
  args: '[--wait-ms 2000]',
  description: 'status of every projection (generation, state, checkpoint, head, lag, documents, last error), caught up first',
  options: [
    ['--wait-ms <ms>', 'how long to let the read models catch up before printing (default 2000)'],
  ],
  examples: [
    'projections status',
    'projections status --wait-ms 0',
  ],
  async run(args, io) {
    const { values } = parseFlags(args, { 'wait-ms': 'string' });
    await projectionsStatus(cliConfig(io), io, integerFlag(values['wait-ms'], 'wait-ms', DEFAULT_STATUS_WAIT_MS, 0, 600_000));
  },
};
