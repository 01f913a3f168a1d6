import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SPARSE_POSITIONS, TEST_ADMIN_KEY } from '../../support/test-app';

/** The built entry point, as `npm start` runs it; the reliability script builds first. */
export const API_MAIN = resolve(__dirname, '../../../dist/apps/api/src/main.js');

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** Every child started and not yet seen exiting: killed by `killAllApis` (afterAll, also after a failure). */
const running = new Set<ChildProcess>();

export interface ApiProcess {
  readonly pid: number;
  readonly port: number;
  /** What the process wrote to stderr so far (errors it logged). */
  stderr(): string;
  /** What the process wrote to stdout so far (its log lines). */
  stdout(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: the process dies at once, mid-write if it was writing. */
  crash(): Promise<void>;
  /** SIGTERM: finishes what it is doing and closes its stores; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node dist/apps/api/src/main.js` on 127.0.0.1 and a free port, and waits for "API listening on".
 * It accepts TEST_ADMIN_KEY as its admin key (HttpClient sends it), so no first-start key is issued into the log.
 */
export const startApi = async (env: Readonly<Record<string, string>>): Promise<ApiProcess> => {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build\` first (npm test and npm run test:reliability do)`);
  const child = spawn(process.execPath, [API_MAIN], {
    // No rate limit: these tests send thousands of requests a minute from one caller on purpose.
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '0', BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY, ...SPARSE_POSITIONS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      done({ code, signal });
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => fail(new Error(`the API did not start within ${STARTUP_TIMEOUT_MS} ms: ${stdout}${stderr}`)), STARTUP_TIMEOUT_MS);
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /API listening on http:\/\/[^:\s]+:(\d+)/.exec(stdout);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    void exited.then(({ code, signal }) => fail(new Error(`the API exited (${code ?? signal}) before listening: ${stdout}${stderr}`)));
  });
  return {
    pid: child.pid!,
    port,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
  };
};

/** Kills every API child still running (SIGKILL) and waits for them: for afterAll. */
export const killAllApis = async (): Promise<void> => {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
};

/** Resident memory of a process in MiB, from /proc/<pid>/status (VmRSS); undefined once it is gone. */
export const rssMiB = (pid: number): number | undefined => {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
};
