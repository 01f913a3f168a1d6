import { complaintDecider } from '@app/domain/complaint';
import { customerDecider } from '@app/domain/customer';
import { leadDecider } from '@app/domain/lead';
import { Command, Decider, DomainEvent, StreamCategory } from '@app/domain/shared';
import { upcastEvent } from '@app/domain';

/** The three aggregates, each one stream per instance: `<category>-<id>`. */
export const AGGREGATES = {
  lead: leadDecider,
  customer: customerDecider,
  complaint: complaintDecider,
} as const satisfies Record<StreamCategory, Decider<never, unknown, DomainEvent>>;

export type AggregateName = keyof typeof AGGREGATES;
export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as AggregateName[];

export type AnyDecider = Decider<Command, unknown, DomainEvent>;
export const deciderOf = (aggregate: AggregateName): AnyDecider => AGGREGATES[aggregate] as unknown as AnyDecider;
export { upcastEvent };
