import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { deterministicUuid, DomainError, parseStreamName } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { upcastEvent } from '@app/application/aggregates';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { ReassignLeadsInBulkCommand } from './reassign-leads-in-bulk.command';
import { ReassignLeadsInBulkResponseDto } from './reassign-leads-in-bulk.response.dto';

const OWNERSHIP_EVENTS = ['LeadCaptured', 'LeadReassigned', 'LeadStageAdvanced', 'LeadReopened'];
const PAGE = 1_000;

/**
 * Moves every open lead of one owner to another (a rep who leaves: nothing may be lost). The
 * candidates come from the log itself, not a read model, so no lead is missed through lag; each
 * move is then decided on the lead's fresh state with `expectedOwnerId`, so a lead reassigned or
 * closed meanwhile is skipped, never taken.
 */
@CommandHandler(ReassignLeadsInBulkCommand)
export class ReassignLeadsInBulkHandler implements ICommandHandler<ReassignLeadsInBulkCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
  ) {}

  async execute({ body, ctx }: ReassignLeadsInBulkCommand): Promise<ReassignLeadsInBulkResponseDto> {
    const bulkReassignmentId = ctx.idempotencyKey ? deterministicUuid(ctx.actor, ctx.idempotencyKey, 'bulk-reassignment') : randomUUID();
    const { fromOwnerId, toOwnerId, toTeamId, reason, occurredAt } = body;
    const result: ReassignLeadsInBulkResponseDto = { id: bulkReassignmentId, position: 0, moved: [], skipped: [] };
    for (const leadId of await this.openLeadsOf(fromOwnerId)) {
      const data = { leadId, toOwnerId, toTeamId, reason, bulkReassignmentId, expectedOwnerId: fromOwnerId };
      try {
        const outcome = await this.executor.execute(this.factory.create({ aggregate: 'lead', id: leadId, command: { type: 'ReassignLead', data }, options: { occurredAt } }, ctx));
        result.moved.push({ id: leadId, revision: outcome.revision, position: outcome.position });
        result.position = Math.max(result.position, outcome.position);
      } catch (error) {
        // A forbidden assignment is about the request (a team out of the caller's scope), not one lead: it refuses the whole of it.
        if (!(error instanceof DomainError) || error.kind === 'forbidden') throw error;
        result.skipped.push({ id: leadId, code: error.code, detail: error.message });
      }
    }
    return result;
  }

  private async openLeadsOf(ownerId: string): Promise<string[]> {
    const leads = new Map<string, { ownerId: string; open: boolean }>();
    for (let after = 0; ; ) {
      const page = await this.store.readAll({ after, maxCount: PAGE, types: OWNERSHIP_EVENTS, streamPrefix: 'lead-' });
      for (const raw of page) {
        const e = upcastEvent(raw);
        const id = parseStreamName(e.streamId).id;
        const data = e.data as { ownerId?: string; toOwnerId?: string; to?: string };
        const lead = leads.get(id) ?? { ownerId: '', open: true };
        if (e.type === 'LeadCaptured') leads.set(id, { ownerId: data.ownerId!, open: true });
        else if (e.type === 'LeadReassigned') leads.set(id, { ...lead, ownerId: data.toOwnerId! });
        else if (e.type === 'LeadStageAdvanced') leads.set(id, { ...lead, open: data.to !== 'won' && data.to !== 'lost' });
        else leads.set(id, { ...lead, open: true });
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].position;
    }
    return [...leads].filter(([, lead]) => lead.open && lead.ownerId === ownerId).map(([id]) => id);
  }
}
