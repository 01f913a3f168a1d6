import { CommandObserver, ObservedCommand } from '@app/application/command-observer';
import { DomainError } from '@app/domain/shared';
import { NewEvent, WrongExpectedRevisionError } from '@app/event-store';
import type { ApiMetrics } from './metrics';
import type { Tracing } from './tracing';

const outcomeOf = (error: unknown): { outcome: string; code: string } =>
  error instanceof DomainError ? { outcome: 'refused', code: error.code } : error instanceof WrongExpectedRevisionError ? { outcome: 'conflict', code: 'CONFLICT' } : { outcome: 'error', code: '' };

/** The write path as metrics and spans see it: a span per command (load, decide, append) with the append's span inside. */
export class ObservedCommands extends CommandObserver {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly tracing: Tracing,
  ) {
    super();
  }

  async command<T>(command: ObservedCommand, run: () => Promise<T>): Promise<T> {
    const labels = { aggregate: command.aggregate, command: command.type };
    const end = this.metrics.commandDuration.startTimer(labels);
    const attributes = { 'l2c.aggregate': command.aggregate, 'l2c.command': command.type, 'l2c.correlation_id': command.ctx.correlationId, 'l2c.causation_id': command.ctx.causationId, 'enduser.id': command.ctx.actor };
    try {
      const result = await this.tracing.inSpan(`command ${command.aggregate}.${command.type}`, attributes, run);
      this.metrics.commands.inc({ ...labels, outcome: 'accepted', code: '' });
      return result;
    } catch (error) {
      this.metrics.commands.inc({ ...labels, ...outcomeOf(error) });
      throw error;
    } finally {
      end();
    }
  }

  async append<T>(streamId: string, events: readonly NewEvent[], run: () => Promise<T>): Promise<T> {
    const end = this.metrics.appendDuration.startTimer();
    const attributes = { 'l2c.stream': streamId.split('-')[0], 'l2c.events': events.length, 'l2c.event_types': [...new Set(events.map((e) => e.type))] };
    try {
      const result = await this.tracing.inSpan('event-store.append', attributes, async (span) => {
        const appended = await run();
        this.tracing.rememberAppend(events.map((e) => e.metadata.eventId), span);
        return appended;
      });
      this.metrics.appends.inc({ outcome: 'appended' });
      this.metrics.eventsAppended.inc(events.length);
      return result;
    } catch (error) {
      this.metrics.appends.inc({ outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'error' });
      throw error;
    } finally {
      end();
    }
  }
}
