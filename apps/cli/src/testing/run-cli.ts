import { createEventStore, EventStore } from '@app/event-store';
import { runCli } from '../cli';
import { CliIo } from '../cli-command';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process, as `npm run cli -- …` would, on `dataDir`, capturing what it prints. */
export const runCliIn = async (dataDir: string, argv: readonly string[], { tty = false, env = {} as Record<string, string> } = {}): Promise<CliRun> => {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text), isTTY: tty, columns: 200 },
    // Commands that read events out need a stated purpose; tests state theirs once here.
    // A run with gaps between positions (npm run test:sparse) writes its logs so here too.
    env: { DATA_DIR: dataDir, L2C_PURPOSE: 'automated test', ...(process.env.EVENT_LOG_SPARSE_POSITIONS && { EVENT_LOG_SPARSE_POSITIONS: process.env.EVENT_LOG_SPARSE_POSITIONS }), ...env },
  };
  const code = await runCli(argv, io);
  return { code, ...out };
};

/** Opens the embedded log in `dataDir` for `use`, and closes it. */
export const withLog = async <T>(dataDir: string, use: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await createEventStore({ dataDir });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
};

export const headPosition = (dataDir: string): Promise<number> => withLog(dataDir, (store) => store.headPosition());
