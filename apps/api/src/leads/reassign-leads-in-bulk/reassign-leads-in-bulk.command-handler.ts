import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { deterministicUuid, DomainError } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { Principal } from '@app/application/principal';
import { ProjectionRunner } from '@app/projection-engine';
import { pipelineProjection } from '@app/read-models';
import { READ_SETTINGS, ReadSettings } from '../../read-models/read.settings';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter } from '../../security/access-policy';
import { ApiProblem } from '../../shared/http/api-problem';
import { ReassignLeadsInBulkCommand } from './reassign-leads-in-bulk.command';
import { ReassignLeadsInBulkResponseDto } from './reassign-leads-in-bulk.response.dto';

/**
 * Moves every open lead of one owner to another (a rep who leaves: nothing may be lost). The
 * candidates come from the pipeline read model once it has applied the log up to where the log stood
 * when the request came, so no lead captured or handed to the owner before it is missed; only leads
 * in the caller's scope are candidates, so another team's leads appear nowhere in the answer. Each
 * move is then decided on the lead's own stream with `expectedOwnerId`, so a lead reassigned or
 * closed meanwhile is skipped, never taken.
 */
@CommandHandler(ReassignLeadsInBulkCommand)
export class ReassignLeadsInBulkHandler implements ICommandHandler<ReassignLeadsInBulkCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
    private readonly runner: ProjectionRunner,
    private readonly readModels: ReadModels,
    @Inject(READ_SETTINGS.token) private readonly reads: ReadSettings,
  ) {}

  async execute({ body, ctx }: ReassignLeadsInBulkCommand): Promise<ReassignLeadsInBulkResponseDto> {
    const bulkReassignmentId = ctx.idempotencyKey ? deterministicUuid(ctx.actor, ctx.idempotencyKey, 'bulk-reassignment') : randomUUID();
    const { fromOwnerId, toOwnerId, toTeamId, reason, occurredAt } = body;
    const result: ReassignLeadsInBulkResponseDto = { id: bulkReassignmentId, position: 0, moved: [], skipped: [] };
    for (const leadId of await this.openLeadsOf(fromOwnerId, ctx.principal)) {
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

  private async openLeadsOf(ownerId: string, caller: Principal | undefined): Promise<string[]> {
    const scope = caller && ownershipFilter(caller);
    if (scope && ('none' in scope || ('ownerId' in scope && scope.ownerId !== ownerId))) return [];
    const head = await this.store.headPosition();
    if (!(await this.runner.waitFor([pipelineProjection], head, this.reads.readWaitTimeoutMs))) {
      throw new ApiProblem('READ_MODEL_BEHIND', 'The pipeline read model has not caught up with the log yet, so some of the leads could be missed; retry shortly.', { projection: pipelineProjection.name }, { 'Retry-After': '1' });
    }
    const leads = await this.readModels.all(pipelineProjection, { ownerId, open: true, ...scope });
    return leads.map((lead) => lead.leadId);
  }
}
