import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { API_SETTINGS, AppConfig, settingsProviders } from './api-config';
import { IDEMPOTENCY_SETTINGS, IdempotencySettings } from './shared/idempotency/idempotency.settings';
import { EVENT_STORE, EventStore, PersonalDataVault } from '@app/event-store';
import { IN_MEMORY_PROJECTIONS, PROJECTIONS } from '@app/read-models';
import { ProjectionRunner } from '@app/projection-engine';
import { DOCUMENT_STORE, DocumentStore } from '@app/read-store';
import { Adapters } from './adapters';
import { PersonSearch } from './read-models/person-search';
import { ReadModels } from './read-models/read-models.service';
import { Clock, SystemClock } from '@app/application/clock';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { CommandAccessPolicy } from './security/access-policy';
import { IDEMPOTENCY_STORE, IdempotencyStore } from './shared/idempotency/idempotency.store';
import { HOST_RESOLVER } from './webhooks/webhook-targets';
import type { Observability } from './observability/observability';

const PURGE_EVERY_MS = 60 * 60_000;
const ADAPTERS = Symbol('ADAPTERS');

/** The adapters behind the ports, chosen by configuration, the shared write path, and the read models. */
@Global()
@Module({})
export class InfrastructureModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(IDEMPOTENCY_SETTINGS.token) private readonly settings: IdempotencySettings,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
    @Inject(ADAPTERS) private readonly adapters: Adapters,
  ) {}

  static forRoot(config: AppConfig, adapters: Adapters, observability: Observability, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        ...settingsProviders(config),
        { provide: ADAPTERS, useValue: adapters },
        { provide: Clock, useValue: clock },
        { provide: EVENT_STORE, useValue: adapters.eventStore },
        { provide: DOCUMENT_STORE, useValue: adapters.documents },
        { provide: IDEMPOTENCY_STORE, useValue: adapters.idempotency },
        { provide: PersonalDataVault, useValue: adapters.personalData },
        { provide: HOST_RESOLVER, useValue: adapters.hostResolver },
        {
          provide: ProjectionRunner,
          useFactory: () =>
            new ProjectionRunner(adapters.eventStore, adapters.documents, PROJECTIONS, {
              batchSize: config.projectionBatchSize,
              inMemory: IN_MEMORY_PROJECTIONS,
              logger: new Logger('Projections'),
              onApplied: observability.projectionApplied,
            }),
        },
        {
          provide: CommandExecutor,
          useFactory: () => new CommandExecutor(adapters.eventStore, config, new CommandAccessPolicy(), observability.commands),
        },
        { provide: CommandFactory, useFactory: () => new CommandFactory(clock) },
        ReadModels,
        PersonSearch,
      ],
      exports: [...API_SETTINGS.map((settings) => settings.token), Clock, EVENT_STORE, DOCUMENT_STORE, IDEMPOTENCY_STORE, ProjectionRunner, CommandExecutor, CommandFactory, ReadModels, PersonalDataVault, PersonSearch, HOST_RESOLVER],
    };
  }

  onModuleInit(): void {
    const purge = () =>
      this.idempotency
        .purge(new Date(Date.parse(this.clock.now()) - this.settings.idempotencyTtlHours * 3_600_000).toISOString())
        .catch((error: Error) => this.logger.warn(`could not purge old idempotency keys: ${error.message}`));
    void purge();
    this.purgeTimer = setInterval(purge, PURGE_EVERY_MS).unref();
  }

  /** Read models resume from their checkpoints once everything is wired. */
  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  /** Consumers stop before the stores they write to are closed. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.runner.stop();
    // Every store is closed even if another fails to; a failure is logged, it does not stop the shutdown.
    const closed = await Promise.allSettled([this.idempotency.close(), this.documents.close(), this.events.close()]);
    for (const outcome of closed) if (outcome.status === 'rejected') this.logger.error(`closing a store: ${(outcome.reason as Error)?.stack ?? String(outcome.reason)}`);
    this.adapters.projectorLock?.release();
  }
}
