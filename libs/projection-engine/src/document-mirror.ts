import type { Document, DocumentWrite } from '@app/read-store';

/**
 * Every document of one collection in memory, in id order (as `DocumentStore.scan` yields them),
 * kept by the one worker that writes the collection: loaded from the store when the worker
 * (re)starts, then updated with each batch it has committed. Reports that read a whole read model
 * take it from here instead of scanning and parsing every document per query.
 *
 * The documents are the projection's own (pure, never mutated) objects; they differ from what the
 * store gives back only in keys set to `undefined`, which JSON leaves out (and every reader treats
 * as absent). Ids compare by UTF-16 code unit, which for the ids the API accepts (letters, digits,
 * `_`, `-`) is the stores' order too.
 */
export interface DocumentMirrorOptions {
  /**
   * Told when an index fails on a change. The index is dropped (built again from the documents on
   * its next use) so that the write, already committed to the store, still reaches the mirror.
   */
  readonly onIndexError: (error: unknown) => void;
}

export class DocumentMirror<D extends Document = Document> {
  constructor(private readonly options: DocumentMirrorOptions) {}

  private docs: D[] = [];
  private ready = false;
  /** Structures kept from the documents, by the function that builds them. */
  private indexes = new Map<IndexBuilder<D, MirrorIndex<D>>, MirrorIndex<D>>();

  /** False while loading, and after a failure until the next load: readers then go to the store. */
  get loaded(): boolean {
    return this.ready;
  }

  async load(source: AsyncIterable<D>): Promise<void> {
    this.ready = false;
    this.docs = [];
    this.indexes.clear();
    const docs: D[] = [];
    for await (const doc of source) docs.push(doc);
    this.docs = docs;
    this.ready = true;
  }

  /** Marks the copy unusable (its worker stopped or failed before the store was known to have the batch). */
  invalidate(): void {
    this.ready = false;
    this.docs = [];
    this.indexes.clear();
  }

  /**
   * The structure `build` makes from the documents, kept up to date from then on with every applied
   * write (built on first use, so a mirror nobody asks, like a rebuild's, pays nothing); undefined
   * while not loaded. Rebuilt after each (re)load.
   */
  indexed<I extends MirrorIndex<D>>(build: IndexBuilder<D, I>): I | undefined {
    if (!this.ready) return undefined;
    let index = this.indexes.get(build);
    if (!index) this.indexes.set(build, (index = build(this.docs)));
    return index as I;
  }

  /** Applies writes the store has committed: changes in place, new documents merged in one pass (a catch-up adds thousands per batch). */
  apply(writes: readonly DocumentWrite[]): void {
    if (!this.ready) return;
    const added = new Map<string, D>();
    const removed = new Set<string>();
    for (const write of writes) {
      const index = this.indexOf(write.id);
      const present = index < this.docs.length && this.docs[index]._id === write.id;
      if (this.indexes.size > 0) this.tell(present ? (removed.has(write.id) ? null : this.docs[index]) : (added.get(write.id) ?? null), (write.doc as D | null) ?? null);
      if (present) {
        if (write.doc === null) removed.add(write.id);
        else {
          this.docs[index] = write.doc as D;
          removed.delete(write.id);
        }
      } else if (write.doc === null) added.delete(write.id);
      else added.set(write.id, write.doc as D);
    }
    if (removed.size > 0) this.docs = this.docs.filter((doc) => !removed.has(doc._id));
    if (added.size > 0) this.docs = merge(this.docs, [...added.values()].sort(byId));
  }

  /**
   * Tells every index of one change. An index that fails is reported and dropped (built again on
   * next use) rather than failing the worker's batch: the store has the batch already.
   */
  private tell(before: D | null, after: D | null): void {
    if (before === null && after === null) return;
    for (const [build, index] of this.indexes) {
      try {
        index.change(before, after);
      } catch (error) {
        this.indexes.delete(build);
        this.options.onIndexError(error);
      }
    }
  }

  /** A snapshot of the documents in id order (the array is the caller's; the documents are shared, never mutate them). */
  all(): D[] {
    return this.docs.slice();
  }

  /** Where `id` is or would be inserted (binary search). */
  private indexOf(id: string): number {
    let low = 0;
    let high = this.docs.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.docs[middle]._id < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** A structure derived from a mirror's documents that follows its changes. */
export interface MirrorIndex<D extends Document = Document> {
  /** One applied write: the document before (null: new) and after (null: deleted). */
  change(before: D | null, after: D | null): void;
}

/** Builds an index from all documents (in id order; the array is only read during the call). */
export type IndexBuilder<D extends Document, I extends MirrorIndex<D>> = (docs: readonly D[]) => I;

const byId = (a: Document, b: Document): number => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** Two arrays sorted by id, none in both, as one sorted array. */
const merge = <D extends Document>(left: readonly D[], right: readonly D[]): D[] => {
  const out = new Array<D>(left.length + right.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) out[k++] = left[i]._id < right[j]._id ? left[i++] : right[j++];
  while (i < left.length) out[k++] = left[i++];
  while (j < right.length) out[k++] = right[j++];
  return out;
};
