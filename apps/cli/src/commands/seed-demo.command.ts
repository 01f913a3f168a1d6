import { generateHistory, PlannedCommand } from '@app/demo';
import { DomainError, streamName } from '@app/domain/shared';
import { EventStore } from '@app/event-store';
import { CommandExecutor } from '@app/application/command-executor';
import { CliCommand, CliError, CliIo, integerFlag, parseFlags, usageError } from '../cli-command';
import { interruptedError, NOT_INTERRUPTED, StopSignal } from '../interruption';
import { Progress } from '../progress';
import { CliConfig, cliConfig, withEventStore } from '../stores';

export interface SeedDemoOptions {
  readonly leads: number;
  readonly seed: number;
  /** ISO date or date-time. */
  readonly from: string;
  /** ISO date-time, exclusive; at most the current time. */
  readonly to: string;
  /** Write even into a log that already holds events. */
  readonly force: boolean;
}

export interface SeedDemoSummary {
  readonly leads: number;
  readonly customers: number;
  readonly complaints: number;
  readonly commands: number;
  readonly events: number;
  readonly seconds: number;
  /** Stopped by this signal: the commands started were finished, the history ends at `reached`. */
  readonly interrupted?: StopSignal;
  /** The simulated time of the last command written. */
  readonly reached: string;
}

export const DEFAULT_DEMO_FROM = '2026-01-01';

/** Commands in flight at once: appends that arrive together share one commit (the embedded log's group commit). */
const WINDOW = 256;

/**
 * The stream whose last command caused this one on another stream (a won lead opens its customer file,
 * a customer complains, a referred lead's sale owes its referrer a reward): it is written first, so the
 * log keeps cause before effect. Commands on one stream already run in order (CommandExecutor).
 */
const causeOf = ({ command }: PlannedCommand): string | undefined => {
  const data = command.data as { fromLeadId?: string; customerId?: string; referredLeadId?: string };
  if (command.type === 'RegisterCustomer' && data.fromLeadId) return streamName('lead', data.fromLeadId);
  if (command.type === 'LogComplaint' && data.customerId) return streamName('customer', data.customerId);
  if (command.type === 'OweReferralReward' && data.referredLeadId) return streamName('lead', data.referredLeadId);
  return undefined;
};

/**
 * Writes a generated demo history (libs/demo) through the one write path, CommandExecutor, as if it
 * had happened between `from` and `to`: each event's occurredAt and recordedAt are the simulated time,
 * its actor the rep, service desk or policy that did it.
 */
export const seedDemo = async (config: CliConfig, options: SeedDemoOptions, io: CliIo): Promise<SeedDemoSummary> =>
  withEventStore(config, async (store) => {
    if (!options.force) {
      const existing = await countEvents(store);
      if (existing > 0) throw new CliError(`the log already holds ${existing} events; seed-demo only writes into an empty log, use --force to add anyway`);
    }
    const executor = new CommandExecutor(store, config);
    const start = Date.parse(options.from);
    const span = Date.parse(options.to) - start;
    const progress = new Progress(io.stderr, 'seed-demo', 'events');
    const inFlight = new Set<Promise<void>>();
    /** The last command still running on each stream. */
    const lastOn = new Map<string, Promise<void>>();
    const counts = { leads: 0, customers: 0, complaints: 0, commands: 0, events: 0 };
    let failure: { planned: PlannedCommand; error: unknown } | undefined;
    let simulated = options.from;

    const execute = (planned: PlannedCommand): void => {
      const { aggregate, id, command, key } = planned;
      const ctx = { actor: command.context.actor, correlationId: `seed-demo:${options.seed}`, causationId: key, idempotencyKey: key };
      const running = executor.executeUntyped({ aggregate, id, command, ctx }).then(
        (outcome) => {
          counts.events += outcome.events.length;
        },
        (error: unknown) => {
          failure ??= { planned, error };
        },
      );
      const stream = streamName(aggregate, id);
      inFlight.add(running);
      lastOn.set(stream, running);
      void running.then(() => {
        inFlight.delete(running);
        if (lastOn.get(stream) === running) lastOn.delete(stream);
      });
    };

    const stop = io.interruption ?? NOT_INTERRUPTED;
    try {
      for (const planned of generateHistory({ seed: options.seed, leads: options.leads, start: options.from, end: options.to, referralRewardAmount: config.referralRewardAmount })) {
        const cause = causeOf(planned);
        if (cause) await lastOn.get(cause);
        while (inFlight.size >= WINDOW) await Promise.race(inFlight);
        // Stopping between commands: those in flight finish (each is appended whole or not at all).
        if (failure || stop.signal) break;
        execute(planned);
        counts.commands++;
        if (planned.command.type === 'CaptureLead') counts.leads++;
        if (planned.command.type === 'RegisterCustomer') counts.customers++;
        if (planned.command.type === 'LogComplaint') counts.complaints++;
        simulated = planned.command.context.occurredAt;
        progress.update({ done: counts.events, fraction: span > 0 ? (Date.parse(simulated) - start) / span : 1, detail: `at ${simulated.slice(0, 10)}` });
      }
      await Promise.all(inFlight);
    } finally {
      progress.finish();
    }
    if (failure) throw describeFailure(failure.planned, failure.error);
    return { ...counts, seconds: Math.round(progress.elapsedMs / 100) / 10, reached: simulated, ...(stop.signal ? { interrupted: stop.signal } : {}) };
  });

/** Events in the log, counted (a position is no count: the embedded log may leave gaps, EventStoreDB's are byte offsets). */
const countEvents = (store: EventStore): Promise<number> => store.countEvents();

const describeFailure = (planned: PlannedCommand, error: unknown): Error => {
  const what = `${planned.command.type} on ${planned.aggregate} ${planned.id} (${planned.command.context.occurredAt})`;
  // A refusal means the generator planned something the domain forbids: a bug in libs/demo, not in the data.
  if (error instanceof DomainError) return new CliError(`seed-demo: the domain refused ${what}: ${error.code} ${error.message}`);
  return new CliError(`seed-demo: ${what} failed: ${(error as Error).message?.split('\n')[0] ?? String(error)}`);
};

/** `--to` defaults to now; a date means "through that day"; nothing is ever written in the future. */
export const seedDemoWindow = (from: string | undefined, to: string | undefined, now: Date): { from: string; to: string } => {
  const start = Date.parse(from ?? DEFAULT_DEMO_FROM);
  if (Number.isNaN(start)) throw usageError(`--from must be a date (YYYY-MM-DD) or an ISO date-time, got "${from}"`);
  let end = now.getTime();
  if (to !== undefined) {
    const parsed = Date.parse(to);
    if (Number.isNaN(parsed)) throw usageError(`--to must be a date (YYYY-MM-DD) or an ISO date-time, got "${to}"`);
    end = Math.min(end, /^\d{4}-\d{2}-\d{2}$/.test(to) ? parsed + 86_400_000 : parsed);
  }
  if (end <= start) throw usageError(`--from (${new Date(start).toISOString()}) must lie before --to (${new Date(end).toISOString()}) and before now`);
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
};

/** The last day the period covers (its end is exclusive). */
const lastDay = (end: string): string => new Date(Date.parse(end) - 1).toISOString().slice(0, 10);

export const seedDemoCommand: CliCommand = {
  name: 'seed-demo',
  interruptible: true,
  args: `[--leads 300] [--seed 42] [--from ${DEFAULT_DEMO_FROM}] [--to <today>] [--force]`,
  description: 'writes a realistic generated history (leads, customers, complaints) into an empty log',
  options: [
    ['--leads <n>', 'leads to generate (default 300)'],
    ['--seed <n>', 'random seed: the same seed and period give the same history (default 42)'],
    ['--from <date>', 'first day of the history (default 2026-01-01)'],
    ['--to <date>', 'last day, at most today (default now)'],
    ['--force', 'write even into a log that already holds events'],
  ],
  examples: [
    'seed-demo',
    'seed-demo --leads 5000 --seed 7 --from 2025-01-01',
  ],
  async run(args, io) {
    const { values } = parseFlags(args, { leads: 'string', seed: 'string', from: 'string', to: 'string', force: 'boolean' });
    const window = seedDemoWindow(values.from, values.to, new Date());
    const options: SeedDemoOptions = {
      leads: integerFlag(values.leads, 'leads', 300, 0, 10_000_000),
      seed: integerFlag(values.seed, 'seed', 42, 0, 2 ** 32 - 1),
      ...window,
      force: values.force === true,
    };
    const summary = await seedDemo(cliConfig(io), options, io);
    if (summary.interrupted) {
      io.stdout.write(`seeded ${summary.leads} leads, ${summary.customers} customers, ${summary.complaints} complaints: ${summary.events} events from ${summary.commands} commands in ${summary.seconds} s, up to ${summary.reached.slice(0, 10)}\n`);
      throw interruptedError(
        summary.interrupted,
        `seed-demo stopped by ${summary.interrupted}: the history is partial; seed-demo --force --leads ${options.leads} --seed ${options.seed} --from ${window.from} --to ${window.to} completes it (what is written is skipped)`,
      );
    }
    io.stdout.write(
      `seeded ${summary.leads} leads, ${summary.customers} customers, ${summary.complaints} complaints: ` +
        `${summary.events} events from ${summary.commands} commands in ${summary.seconds} s (${window.from.slice(0, 10)} to ${lastDay(window.to)}, seed ${options.seed})\n`,
    );
  },
};
