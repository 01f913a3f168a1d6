import type { DeliveryAttempt, DeliveryDoc } from './webhook-deliveries';

/** How an attempt ended: delivered, to be retried, or parked (retried for too long). */
export type AttemptOutcome = 'delivered' | 'retrying' | 'parked';

/** Told after every recorded delivery attempt (metrics, traces); it must not throw. */
export abstract class DeliveryObserver {
  abstract attempted(delivery: DeliveryDoc, attempt: DeliveryAttempt, outcome: AttemptOutcome): void;
}
