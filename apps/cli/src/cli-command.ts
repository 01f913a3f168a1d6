import { parseArgs } from 'node:util';
import type { Interruption } from './interruption';

/** Where a command writes, and the environment it reads; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stop signals, for long commands; none when the caller does not own the process's signals. */
  readonly interruption?: Interruption;
}

export interface CliCommand {
  /** The words that select it: `seed-demo`, `projections rebuild`. */
  readonly name: string;
  /** Arguments after the name, as the help shows them. */
  readonly args: string;
  readonly description: string;
  /** What `<command> --help` explains: each option (as typed) and its meaning. */
  readonly options: readonly (readonly [option: string, meaning: string])[];
  /** Stops cleanly on SIGINT, SIGTERM or SIGHUP, finishing its unit of work at hand (io.interruption). */
  readonly interruptible?: boolean;
  /** Command lines to copy, without the program name (`import customers.csv --mapping …`). */
  readonly examples: readonly string[];
  run(args: readonly string[], io: CliIo): Promise<void>;
}

/** A failure the user can act on: printed as one line, without a stack, with this exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong arguments: exit code 2, as for an unknown command. */
export const usageError = (message: string): CliError => new CliError(message, 2);

type FlagSpec = Readonly<Record<string, 'string' | 'boolean'>>;
type FlagValues<S extends FlagSpec> = { [K in keyof S]?: S[K] extends 'boolean' ? boolean : string };

/** `--name value` and `--flag` as the command declares them, plus exactly `positionals` bare words. */
export const parseFlags = <S extends FlagSpec>(args: readonly string[], spec: S, positionals: readonly string[] = []): { values: FlagValues<S>; positionals: string[] } => {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }])),
      allowPositionals: positionals.length > 0,
      strict: true,
    });
    if (parsed.positionals.length !== positionals.length) {
      throw new Error(`expected ${positionals.map((p) => `<${p}>`).join(' ')}`);
    }
    return { values: parsed.values as FlagValues<S>, positionals: parsed.positionals };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']+)'/.exec((error as Error).message)?.[1];
      if (option) throw usageError(`unknown option ${option}`);
    }
    throw usageError((error as Error).message.split('\n')[0]);
  }
};

/** A flag that must be an integer within bounds, or its default. */
export const integerFlag = (raw: string | undefined, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw usageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
};

/** A flag that must be one of a few words, or its default. */
export const choiceFlag = <C extends string>(raw: string | undefined, name: string, choices: readonly C[], fallback: C): C => {
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw usageError(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as C;
};
