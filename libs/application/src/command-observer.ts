import type { NewEvent } from '@app/event-store';
import type { WriteContext } from './write-context';

/** What one command is, as an observer sees it: no data, only what names and threads it. */
export interface ObservedCommand {
  readonly aggregate: string;
  readonly type: string;
  readonly ctx: WriteContext;
}

/**
 * Watches the write path from outside (metrics, traces) without the write path knowing how: each
 * method runs `run` and returns its result or rethrows its error unchanged. The default does nothing.
 */
export abstract class CommandObserver {
  /** One command: load → decide → append, retries on a conflict included. */
  abstract command<T>(command: ObservedCommand, run: () => Promise<T>): Promise<T>;
  /** One append of the events a decision produced. */
  abstract append<T>(streamId: string, events: readonly NewEvent[], run: () => Promise<T>): Promise<T>;
}

export class UnobservedCommands extends CommandObserver {
  command<T>(_command: ObservedCommand, run: () => Promise<T>): Promise<T> {
    return run();
  }

  append<T>(_streamId: string, _events: readonly NewEvent[], run: () => Promise<T>): Promise<T> {
    return run();
  }
}
