import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { ConsumerLoop } from '@app/projection-engine';
import { DOCUMENT_STORE, DocumentStore } from '@app/read-store';
import { from, lastValueFrom, toArray } from 'rxjs';
import { Policy, POLICIES } from './policy';

const BATCH = 100;

/**
 * Runs every policy on its own checkpointed subscription: the saga turns a batch of events into
 * commands, they are executed, then the checkpoint moves. After a crash the batch runs again; the
 * commands' event ids derive from their causes, so nothing is done twice.
 */
@Injectable()
export class PolicyRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Policies');
  private readonly loops = new Map<string, ConsumerLoop>();

  constructor(
    @Inject(POLICIES) private readonly policies: readonly Policy[],
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly docs: DocumentStore,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    for (const policy of this.policies) {
      const checkpoint = `policy:${policy.name}`;
      const loop = new ConsumerLoop(this.events, {
        types: policy.eventTypes,
        batchSize: BATCH,
        from: () => this.docs.checkpoint(checkpoint),
        handle: async (batch) => {
          const commands = await lastValueFrom(policy.saga(from(batch)).pipe(toArray()));
          for (const command of commands) {
            try {
              await this.commands.execute(command);
            } catch (error) {
              // A refusal is the domain's answer (e.g. the referrer no longer exists): recorded, not retried.
              if (!(error instanceof DomainError)) throw error;
              this.logger.warn(`${policy.name}: ${command.request.command.type} on ${command.request.aggregate} ${command.request.id} refused: ${error.code} ${error.message}`);
            }
          }
          await this.docs.commit(checkpoint, batch[batch.length - 1].position, []);
        },
      });
      this.loops.set(policy.name, loop);
      loop.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.loops.values()].map((loop) => loop.stop()));
  }

  status() {
    return [...this.loops].map(([name, loop]) => ({ name, state: loop.state, checkpoint: loop.reached, lastError: loop.lastError }));
  }
}
