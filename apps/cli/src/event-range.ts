import { upcastEvent } from '@app/domain';
import { ACCESS_LOG_EVENT_TYPES, AccessRecorded } from '@app/domain/access-log';
import { RecordedEvent } from '@app/domain/shared';
import { EventStore } from '@app/event-store';
import { usageError } from './cli-command';

/**
 * Which events of the log an export or a replay reads. Positions bound the global position (both
 * inclusive, and used only as bounds: compared, never computed with); times bound the business time, `metadata.occurredAt` (from inclusive, to exclusive), which
 * is not in log order (imports are back-dated), so a time bound filters while the whole log is read.
 */
export interface EventQuery {
  readonly fromPosition?: number;
  readonly toPosition?: number;
  /** Epoch ms. */
  readonly fromTime?: number;
  /** Epoch ms, exclusive. */
  readonly toTime?: number;
  readonly types?: readonly string[];
  /** Stream id prefixes (`lead-`, `customer-42`); an event matches when its stream starts with any. */
  readonly streamPrefixes?: readonly string[];
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `--from`/`--to`: a log position (digits), a date (UTC day; `--to` includes that day) or an ISO
 * date-time with its zone.
 */
export const parseBound = (raw: string, flag: 'from' | 'to'): { position: number } | { time: number } => {
  const value = raw.trim();
  if (/^\d+$/.test(value)) {
    const position = Number(value);
    if (Number.isSafeInteger(position)) return { position };
  } else if (DATE.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value)) {
    return { time: Date.parse(value) + (flag === 'to' ? DAY_MS : 0) };
  } else if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) {
    return { time: Date.parse(value) };
  }
  throw usageError(`--${flag} must be a log position (1200), a date (2026-03-01) or an ISO date-time with its zone (2026-03-01T08:00:00+08:00), got "${raw}"`);
};

const list = (raw: string | undefined): string[] | undefined => {
  const items = raw
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
};

/** The query from the command's flags. */
export const parseEventQuery = (flags: { from?: string; to?: string; types?: string; streams?: string }): EventQuery => {
  const from = flags.from === undefined ? undefined : parseBound(flags.from, 'from');
  const to = flags.to === undefined ? undefined : parseBound(flags.to, 'to');
  const query: EventQuery = {
    fromPosition: from && 'position' in from ? from.position : undefined,
    fromTime: from && 'time' in from ? from.time : undefined,
    toPosition: to && 'position' in to ? to.position : undefined,
    toTime: to && 'time' in to ? to.time : undefined,
    types: list(flags.types),
    streamPrefixes: list(flags.streams),
  };
  if (query.fromPosition !== undefined && query.toPosition !== undefined && query.fromPosition > query.toPosition) {
    throw usageError(`--from (${query.fromPosition}) must not be after --to (${query.toPosition})`);
  }
  if (query.fromTime !== undefined && query.toTime !== undefined && query.fromTime >= query.toTime) {
    throw usageError(`--from (${new Date(query.fromTime).toISOString()}) must lie before --to (${new Date(query.toTime).toISOString()})`);
  }
  return query;
};

export const matchesQuery = (event: RecordedEvent, query: EventQuery): boolean => {
  if (query.types && !query.types.includes(event.type)) return false;
  // The access log's own records are audit data (GET /audit/access), not business history: only when asked for by type.
  if (!query.types && ACCESS_LOG_EVENT_TYPES.includes(event.type as AccessRecorded['type'])) return false;
  if (query.streamPrefixes && !query.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  if (query.fromTime !== undefined || query.toTime !== undefined) {
    const at = Date.parse(event.metadata.occurredAt);
    if (query.fromTime !== undefined && !(at >= query.fromTime)) return false;
    if (query.toTime !== undefined && !(at < query.toTime)) return false;
  }
  return true;
};

export interface EventPage {
  /** Matching events, upcast to their current version, in log order. */
  readonly events: readonly RecordedEvent[];
  /** Share of the range read so far (0–1). */
  readonly fraction: number;
}

export const DEFAULT_PAGE_SIZE = 500;
/** The events of the range are counted for the share done up to this many at a time (EventStoreDB counts by reading). */
const COUNT_AHEAD = 100_000;

/**
 * The matching events page by page, in log order, up to the head of the log as it was when reading
 * began (a consistent end, even while others append). Only one page is in memory at a time; the
 * caller's work on a page (writing it out) finishes before the next is read. `--from` is inclusive:
 * the range starts at that position (the store reads "from" it; nothing is computed from it).
 */
export async function* readEventPages(store: EventStore, query: EventQuery, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<EventPage> {
  const head = await store.headPosition();
  const end = Math.min(head, query.toPosition ?? head);
  // One prefix is filtered by the store; several are filtered here (the port takes one).
  const streamPrefix = query.streamPrefixes?.length === 1 ? query.streamPrefixes[0] : undefined;
  const filter = { types: query.types, streamPrefix };
  // The share done is counted in events (positions are no count): what was read against what the
  // range holds, counted ahead COUNT_AHEAD at a time.
  let read = 0;
  let counted = 0;
  let countedAll = false;
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll(after === undefined ? { ...(query.fromPosition !== undefined && { from: query.fromPosition }), maxCount: pageSize, ...filter } : { after, maxCount: pageSize, ...filter });
    const inRange = page.filter((event) => event.position <= end);
    if (inRange.length === 0) break;
    if (after === undefined) {
      counted = inRange.length + (await store.countEvents({ after: inRange[inRange.length - 1].position, upTo: end, ...filter, limit: COUNT_AHEAD }));
      countedAll = counted - inRange.length < COUNT_AHEAD;
    }
    after = inRange[inRange.length - 1].position;
    read += inRange.length;
    if (!countedAll && read >= counted) {
      const more = await store.countEvents({ after, upTo: end, ...filter, limit: COUNT_AHEAD });
      counted = read + more;
      countedAll = more < COUNT_AHEAD;
    }
    const events = inRange.filter((event) => matchesQuery(event, query)).map((event) => upcastEvent(event));
    yield { events, fraction: counted > 0 ? Math.min(1, read / counted) : 1 };
    if (inRange.length < page.length || after >= end) break;
  }
}
