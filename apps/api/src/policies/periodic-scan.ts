import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { exhaustMap, Subscription, timer } from 'rxjs';

/**
 * A policy that time, not an event, triggers: `scan` runs at start and then every `intervalMs`,
 * never two at once (a slow scan delays the next one), and a failed scan is logged and retried at
 * the next tick.
 */
export abstract class PeriodicScan implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger('Policies');
  private subscription?: Subscription;

  protected abstract readonly scanName: string;
  protected abstract get intervalMs(): number;
  protected abstract scan(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.subscription = timer(0, this.intervalMs)
      .pipe(exhaustMap(() => this.scan().catch((error: Error) => this.logger.warn(`${this.scanName}: ${error.message}`))))
      .subscribe();
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
