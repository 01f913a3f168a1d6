import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Adapters } from './adapters';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, SystemClock } from './shared/commands/clock';
import { CommandExecutor } from './shared/commands/command-executor';
import { CommandFactory } from './shared/commands/command-factory';
import { IDEMPOTENCY_STORE, IdempotencyStore } from './shared/idempotency/idempotency.store';

const PURGE_EVERY_MS = 60 * 60_000;

/** The adapters behind the ports, chosen by configuration, and the shared write path. */
@Global()
@Module({})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  static forRoot(config: AppConfig, adapters: Adapters, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: EVENT_STORE, useValue: adapters.eventStore },
        { provide: IDEMPOTENCY_STORE, useValue: adapters.idempotency },
        CommandExecutor,
        CommandFactory,
      ],
      exports: [APP_CONFIG, Clock, EVENT_STORE, IDEMPOTENCY_STORE, CommandExecutor, CommandFactory],
    };
  }

  onModuleInit(): void {
    const purge = () =>
      this.idempotency
        .purge(new Date(Date.parse(this.clock.now()) - this.config.idempotencyTtlHours * 3_600_000).toISOString())
        .catch((error: Error) => this.logger.warn(`could not purge old idempotency keys: ${error.message}`));
    void purge();
    this.purgeTimer = setInterval(purge, PURGE_EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    await Promise.allSettled([this.idempotency.close(), this.store.close()]);
  }
}
