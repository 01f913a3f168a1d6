import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { POLICY_SETTINGS, PolicySettings } from '@app/application/policy.settings';
import { DomainError } from '@app/domain/shared';
import { complaintsProjection } from '@app/read-models';
import { PeriodicScan } from './periodic-scan';
import { Clock } from '@app/application/clock';
import { ExecuteCommand } from '../shared/commands/execute.command';
import { ReadModels } from '../read-models/read-models.service';

/**
 * A safety complaint not resolved within 24 hours of its escalation is marked overdue (seed 003,
 * PPSC), once. Time, not an event, triggers it, so it runs on a timer over the complaints read
 * model; the decider ignores a complaint already marked, resolved, or not yet due, and the event
 * id derives from the tracking number, so repeated or concurrent runs record it once.
 */
@Injectable()
export class SafetyDeadlineScheduler extends PeriodicScan {
  protected readonly scanName = 'safety deadlines';

  constructor(
    private readonly readModels: ReadModels,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(POLICY_SETTINGS.token) private readonly config: PolicySettings,
  ) {
    super();
  }

  protected get intervalMs(): number {
    return this.config.deadlineScanIntervalMs;
  }

  protected scan(): Promise<number> {
    return this.markOverdue();
  }

  /** Marks every open complaint whose latest safety deadline has passed; returns how many it marked. */
  async markOverdue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.readModels.all(complaintsProjection, { status: 'open', deadline: { $lt: now } });
    let marked = 0;
    for (const complaint of due) {
      const trackingNumber = [...complaint.escalations].reverse().find((e) => e.deadline !== null)?.trackingNumber;
      if (!trackingNumber || complaint.missedDeadlines.includes(trackingNumber)) continue;
      const ctx = { actor: 'policy:safety-deadlines', correlationId: complaint.complaintId, causationId: trackingNumber, idempotencyKey: `safety-deadlines:${trackingNumber}` };
      try {
        const data = { complaintId: complaint.complaintId, trackingNumber };
        await this.commands.execute(new ExecuteCommand({ aggregate: 'complaint', id: complaint.complaintId, command: { type: 'MarkComplaintOverdue', data } }, ctx));
        marked++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`safety deadlines: ${complaint.complaintId} ${error.code} ${error.message}`);
      }
    }
    return marked;
  }
}
