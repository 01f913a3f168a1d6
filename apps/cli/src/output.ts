import { STOP_SIGNALS } from './interruption';
import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './cli-command';

/** A stream as far as writing with backpressure needs it: Node's writable streams, or a test's fake. */
export interface WritableLike {
  write(text: string): unknown;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Where a command writes its (possibly large) result. */
export interface Output {
  /** Resolves once the stream can take more: a write that fills its buffer waits for `drain`. */
  write(text: string): Promise<void>;
  /** Everything was written: a file is moved into place. */
  finish(): Promise<void>;
  /** Something failed: a half-written file is removed. */
  abort(): void;
}

/** The reader went away (`export … | head`): not a failure of the command. */
export const isClosedPipe = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.code === 'EPIPE';

const writer = (stream: WritableLike) => {
  let failure: unknown;
  const onError = (error: unknown) => (failure ??= error);
  stream.on?.('error', onError);
  return {
    async write(text: string): Promise<void> {
      if (failure) throw failure;
      if (stream.write(text) !== false || !stream.once) return;
      await new Promise<void>((resolve, reject) => {
        const done = (error?: unknown) => {
          stream.removeListener?.('drain', drained);
          stream.removeListener?.('error', failed);
          if (error) reject(error);
          else resolve();
        };
        const drained = () => done();
        const failed = (error: unknown) => done(error);
        stream.once!('drain', drained);
        stream.once!('error', failed);
      });
    },
    failure: () => failure,
    detach: () => stream.removeListener?.('error', onError),
  };
};

/**
 * `path` undefined: `stdout`. Otherwise a file, written under a temporary name beside it
 * and renamed when complete, so an interrupted run never leaves a truncated file that looks whole.
 */
export const openOutput = (path: string | undefined, stdout: WritableLike): Output => {
  if (path === undefined) {
    const out = writer(stdout);
    return {
      write: out.write,
      async finish() {
        out.detach();
      },
      abort: () => void out.detach(),
    };
  }
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let fd: number;
  try {
    fd = openSync(partial, 'w');
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const file = createWriteStream('', { fd });
  const out = writer(file);
  // Stopped by a signal before the end: no half-written file stays behind, then the signal ends the process as it would have.
  // A command that stops cleanly by itself (it listens to the signals already) finishes or aborts its output on its own.
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    rmSync(partial, { force: true });
    process.kill(process.pid, signal);
  };
  const unhandled = STOP_SIGNALS.filter((signal) => process.listenerCount(signal) === 0);
  const release = () => unhandled.forEach((signal) => process.removeListener(signal, onSignal));
  unhandled.forEach((signal) => process.once(signal, onSignal));
  return {
    write: out.write,
    async finish() {
      release();
      await new Promise<void>((resolve, reject) => {
        file.once('error', reject);
        file.end(() => resolve());
      });
      const failure = out.failure();
      if (failure) throw failure;
      renameSync(partial, path);
    },
    abort() {
      release();
      file.destroy();
      rmSync(partial, { force: true });
    },
  };
};
