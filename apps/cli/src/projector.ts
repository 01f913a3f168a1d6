import { CliConfig } from './stores';
import { createEventStore, EventStore } from '@app/event-store';
import { PROJECTIONS } from '@app/read-models';
import { acquireProjectorLock, EngineLogger, ProjectionRunner, ProjectionStatus, ProjectorLockHeldError } from '@app/projection-engine';
import { createDocumentStore, DocumentStore } from '@app/read-store';
import { CliError } from './cli-command';

/** A projection's status with the number of documents in its live generation. */
export type ProjectionReport = ProjectionStatus & { readonly documents: number };

export interface ProjectorSession {
  readonly runner: ProjectionRunner;
  readonly events: EventStore;
  readonly docs: DocumentStore;
}

/**
 * Runs the projections in this process for the duration of `use`. With the embedded read store it
 * first takes the projector lock in DATA_DIR (exactly one projector owns the read models); when the
 * API holds it, `whenHeld` says what to do instead, and the command stops with that one line.
 */
export const withProjector = async <T>(config: CliConfig, whenHeld: (pid: number) => string, use: (session: ProjectorSession) => Promise<T>, logger?: EngineLogger): Promise<T> => {
  let lock;
  try {
    lock = config.mongodbUrl ? undefined : acquireProjectorLock(config.dataDir);
  } catch (error) {
    if (error instanceof ProjectorLockHeldError) throw new CliError(whenHeld(error.pid));
    throw error;
  }
  try {
    const events = await createEventStore(config);
    try {
      const docs = await createDocumentStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir });
      const runner = new ProjectionRunner(events, docs, PROJECTIONS, { batchSize: config.projectionBatchSize, logger });
      try {
        await runner.start();
        return await use({ runner, events, docs });
      } finally {
        await runner.stop();
        await docs.close();
      }
    } finally {
      await events.close();
    }
  } finally {
    lock?.release();
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every projection is idle at the head of the log (or has failed), for at most `timeoutMs`. */
export const waitUntilIdle = async (runner: ProjectionRunner, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await runner.status();
    if (statuses.every((s) => s.state === 'failed' || (s.state === 'live' && s.lagEvents === 0))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
};

export const reports = async ({ runner, docs }: ProjectorSession): Promise<ProjectionReport[]> => {
  const statuses = await runner.status();
  return Promise.all(runner.projections.map(async (projection, i) => ({ ...statuses[i], documents: await docs.count(runner.collectionOf(projection)) })));
};

/** The status as a plain table: name, generation, state, checkpoint, head, lag, documents, last error. */
export const statusTable = (rows: readonly ProjectionReport[]): string => {
  const header = ['name', 'generation', 'state', 'checkpoint', 'head', 'lag', 'documents', 'last error'];
  const lastError = (r: ProjectionReport) => (r.lastError ? `${r.lastError.message.split('\n')[0]} (at ${r.lastError.at})` : '-');
  const cells = rows.map((r) => [r.name, r.generation, r.state, r.checkpoint, r.headPosition, r.lagEvents, r.documents, lastError(r)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return [line(header), ...cells.map(line)].join('\n') + '\n';
};
