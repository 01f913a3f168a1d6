import { complaintDecider } from '@app/domain/complaint';
import { customerDecider } from '@app/domain/customer';
import { leadDecider } from '@app/domain/lead';
import { webhookDecider } from '@app/domain/webhook';
import { apiKeyDecider } from '@app/domain/api-key';
import { subjectDecider } from '@app/domain/personal-data';
import { Command, Decider, DomainEvent, StreamCategory } from '@app/domain/shared';
import { upcastEvent } from '@app/domain';

/** The aggregates, each one stream per instance: `<category>-<id>` (webhooks: the feeds' subscriptions; apikey: credentials of services). */
export const AGGREGATES = {
  lead: leadDecider,
  customer: customerDecider,
  complaint: complaintDecider,
  webhook: webhookDecider,
  apikey: apiKeyDecider,
  /** A data subject: the erasure of their personal data. */
  subject: subjectDecider,
} as const satisfies Record<StreamCategory, Decider<never, unknown, DomainEvent>>;

export type AggregateName = keyof typeof AGGREGATES;
export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as AggregateName[];

/**
 * Aggregates whose state holds no personal data, so their commands fold the stream with its personal
 * texts still sealed (aggregates.unit.spec.ts folds the demo history both ways and compares). The
 * customer's file keeps its name and contacts; a data subject's stream is short and read rarely.
 */
export const STATE_HOLDS_NO_PERSONAL_DATA: ReadonlySet<AggregateName> = new Set<AggregateName>(['lead', 'complaint', 'webhook', 'apikey']);

export type AnyDecider = Decider<Command, unknown, DomainEvent>;
export const deciderOf = (aggregate: AggregateName): AnyDecider => AGGREGATES[aggregate] as unknown as AnyDecider;
export { upcastEvent };
