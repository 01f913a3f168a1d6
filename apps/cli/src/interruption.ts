import { CliError } from './cli-command';

/** The signals an operator (Ctrl-C), a process manager or a closing terminal sends to stop a command. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** 128 + the signal's number, as shells report a process ended by it. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * Asked to stop: long commands look at it between units of work (an import's rows, seed-demo's
 * commands, a rebuild's batches), finish or drop the unit at hand, say what was done and exit
 * with the signal's code.
 */
export interface Interruption {
  /** The first stop signal received, if any. */
  readonly signal: StopSignal | undefined;
  /** Called once, at the first signal. */
  onStop(listener: (signal: StopSignal) => void): () => void;
  /**
   * Takes the process's stop signals from now on: called for the commands that can stop cleanly;
   * the others keep the default, ending at once.
   */
  listen?(): void;
}

/** Never interrupted: commands run in-process by tests, and any caller that passes none. */
export const NOT_INTERRUPTED: Interruption = { signal: undefined, onStop: () => () => undefined };

/** A stop asked for by hand (tests, callers that own the process's signals). */
export const interruptionController = (): Interruption & { stop(signal: StopSignal): void } => {
  let signal: StopSignal | undefined;
  const listeners = new Set<(signal: StopSignal) => void>();
  return {
    get signal() {
      return signal;
    },
    onStop(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop(received) {
      if (signal) return;
      signal = received;
      for (const listener of listeners) listener(received);
    },
  };
};

/**
 * The process's stop signals. The first asks the command to stop cleanly; a second one, for an
 * operator who will not wait, ends the process at once (every store write is a transaction, so
 * nothing half-written stays behind).
 */
export const processInterruption = (stderr: { write(text: string): unknown; readonly isTTY?: boolean }): Interruption => {
  const controller = interruptionController();
  const listen = () => {
    for (const name of STOP_SIGNALS) {
      process.on(name, () => {
        if (controller.signal) {
          stderr.write(`${stderr.isTTY ? '\n' : ''}${name} again: stopping at once\n`);
          process.exit(SIGNAL_EXIT_CODES[name]);
        }
        stderr.write(`${stderr.isTTY ? '\n' : ''}${name}: finishing the work in hand, then stopping (send it again to stop at once)\n`);
        controller.stop(name);
      });
    }
  };
  return Object.assign(controller, { listen });
};

/** A long command that stopped on a signal: what it did is in the message, the exit code is the signal's. */
export const interruptedError = (signal: StopSignal, message: string): CliError => new CliError(message, SIGNAL_EXIT_CODES[signal]);
