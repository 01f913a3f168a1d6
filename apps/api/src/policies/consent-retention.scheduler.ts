import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { POLICY_SETTINGS, PolicySettings } from '@app/application/policy.settings';
import { addDays, DomainError } from '@app/domain/shared';
import { pipelineProjection } from '@app/read-models';
import { PeriodicScan } from './periodic-scan';
import { ReadModels } from '../read-models/read-models.service';
import { Clock } from '@app/application/clock';
import { ApiProblem } from '../shared/http/api-problem';
import { ErasePersonalDataCommand } from '../subjects/erase-personal-data/erase-personal-data.command';

export const CONSENT_RETENTION_ACTOR = 'policy:consent-retention';

/**
 * A lead that withdrew every consent keeps its personal data for CONSENT_RETENTION_DAYS (to answer
 * for what was done with it), then it is erased. Time, not an event, triggers it, so it runs on a
 * timer over the pipeline read model, through the erasure endpoint's own handler: the same key
 * deletion, PersonalDataErased and scrubbing. An erased lead leaves the list; a repeated or
 * concurrent run finds the subject erased and records nothing again.
 */
@Injectable()
export class ConsentRetentionScheduler extends PeriodicScan {
  protected readonly scanName = 'consent retention';
  /** Leads whose erasure was refused, reported once per process instead of at every scan. */
  private readonly reported = new Set<string>();

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
    return this.eraseDue();
  }

  /** Erases every lead whose retention after its last consent withdrawal has ended; returns how many. */
  async eraseDue(): Promise<number> {
    const days = this.config.consentRetentionDays;
    const cutoff = addDays(this.clock.now(), -days);
    const due = await this.readModels.all(pipelineProjection, { consentWithdrawnAt: { $lte: cutoff }, personalDataErasedAt: null });
    let erased = 0;
    for (const lead of due) {
      const reason = `Consent withdrawn on ${lead.consentWithdrawnAt}; the retention period of ${days} days has ended`;
      const ctx = { actor: CONSENT_RETENTION_ACTOR, correlationId: lead.leadId, causationId: `consent-retention:${lead.leadId}`, idempotencyKey: `consent-retention:${lead.leadId}` };
      try {
        // The lead is the data subject (a won lead and its customer file are one).
        await this.commands.execute(new ErasePersonalDataCommand(lead.leadId, { reason }, ctx));
        erased++;
      } catch (error) {
        if (!(error instanceof DomainError || error instanceof ApiProblem)) throw error;
        if (this.reported.has(lead.leadId)) continue;
        this.reported.add(lead.leadId);
        this.logger.warn(`consent retention: lead ${lead.leadId} not erased: ${error.message}`);
      }
    }
    return erased;
  }
}
