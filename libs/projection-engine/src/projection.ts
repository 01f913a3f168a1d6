import { RecordedEvent } from '@app/domain/shared';
import type { Document, IndexSpec } from '@app/read-store';

/** Every read-model document remembers the position of the last event applied to it. */
export type ReadModelDoc = Document & { readonly _position: number };

/**
 * A read model as a pure function of events. The runner (runner.ts) feeds it the events of
 * `eventTypes` in log order, loads the documents `keys` names, and stores what `evolve` returns.
 */
export interface Projection<D extends ReadModelDoc = ReadModelDoc> {
  /** Stable name, used in URLs and for the checkpoint: `pipeline`, `customers`, ... */
  readonly name: string;
  /** Bump when `evolve` changes meaning: the stored model is then rebuilt from the log. */
  readonly version: number;
  readonly indexes: readonly IndexSpec[];
  /** The event types it reads (already upcast to their current version). */
  readonly eventTypes: readonly string[];
  /** Ids of the documents an event changes (usually one; none to ignore the event). */
  keys(event: RecordedEvent): readonly string[];
  /** The document after the event; null deletes it. `doc` is null when there is none yet. Pure. */
  evolve(doc: D | null, event: RecordedEvent, id: string): D | null;
}

/**
 * Applies one event to one document, at most once: an event at or before the position the document
 * has already seen changes nothing, so a redelivered event can never double-count.
 */
export const applyOnce = <D extends ReadModelDoc>(projection: Projection<D>, doc: D | null, event: RecordedEvent, id: string): D | null => {
  if (doc && doc._position >= event.position) return doc;
  const next = projection.evolve(doc, event, id);
  return next && { ...next, _id: id, _position: event.position };
};

/** Folds events into documents: the reference the runner's result must equal (used by specs and rebuild checks). */
export const project = <D extends ReadModelDoc>(projection: Projection<D>, events: Iterable<RecordedEvent>): Map<string, D> => {
  const docs = new Map<string, D>();
  const types = new Set(projection.eventTypes);
  for (const event of events) {
    if (!types.has(event.type)) continue;
    for (const id of projection.keys(event)) {
      const next = applyOnce(projection, docs.get(id) ?? null, event, id);
      if (next) docs.set(id, next);
      else docs.delete(id);
    }
  }
  return docs;
};
