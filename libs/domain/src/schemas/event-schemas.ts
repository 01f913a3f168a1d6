import type { ComplaintEvent } from '../complaint/complaint.events';
import type { CustomerEvent } from '../customer/customer.events';
import type { LeadEvent } from '../lead/lead.events';
import type { WebhookEvent } from '../webhook/webhook.events';
import type { SubjectEvent } from '../personal-data/personal-data.events';
import type { FeedEventCatalog, InternalEventCatalog } from './event-catalog';
import { GENERATED_EVENT_SCHEMAS } from './event-schemas.generated';

/** A JSON Schema (draft-07) of one event type and version: the whole recorded event, `data` included. */
export type EventSchema = { readonly $id: string; readonly title: string } & Readonly<Record<string, unknown>>;

export interface EventContract {
  readonly type: string;
  readonly version: number;
  /** Delivered by the feeds (pull, SSE, webhooks); false for the feeds' own bookkeeping events. */
  readonly feed: boolean;
  /** The latest version of its type: what readers and the feeds see (older ones are upcast on read). */
  readonly current: boolean;
  readonly schema: EventSchema;
}

export type FeedEventType = keyof FeedEventCatalog;

// Compile-time guard: an event type the deciders can emit but the catalog does not name fails the
// build, with the missing type in the message.
type AnyDomainEvent = LeadEvent | CustomerEvent | ComplaintEvent | WebhookEvent | SubjectEvent;
type Uncatalogued = Exclude<AnyDomainEvent['type'], keyof FeedEventCatalog | keyof InternalEventCatalog>;
const everyEventTypeHasAContract: [Uncatalogued] extends [never] ? true : Uncatalogued = true;
void everyEventTypeHasAContract;

const latest = new Map<string, number>();
for (const { type, version } of GENERATED_EVENT_SCHEMAS) latest.set(type, Math.max(version, latest.get(type) ?? 0));

/** Every event type and every version that may be stored, in catalog order. */
export const EVENT_CONTRACTS: readonly EventContract[] = GENERATED_EVENT_SCHEMAS.map(({ type, version, feed, schema }) => ({
  type,
  version,
  feed,
  current: latest.get(type) === version,
  schema: schema as unknown as EventSchema,
}));

/** The latest version of every event type. */
export const CURRENT_EVENT_VERSIONS: Readonly<Record<string, number>> = Object.fromEntries(latest);

/** The event types the feeds deliver (never the webhooks' own registrations). */
export const FEED_EVENT_TYPES = [...new Set(EVENT_CONTRACTS.filter((c) => c.feed).map((c) => c.type))] as readonly FeedEventType[];

const byKey = new Map(EVENT_CONTRACTS.map((c) => [`${c.type}@${c.version}`, c] as const));

export const eventContract = (type: string, version: number): EventContract | undefined => byKey.get(`${type}@${version}`);
