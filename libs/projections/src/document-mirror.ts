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
export class DocumentMirror<D extends Document = Document> {
  private docs: D[] = [];
  private ready = false;

  /** False while loading, and after a failure until the next load: readers then go to the store. */
  get loaded(): boolean {
    return this.ready;
  }

  async load(source: AsyncIterable<D>): Promise<void> {
    this.ready = false;
    this.docs = [];
    const docs: D[] = [];
    for await (const doc of source) docs.push(doc);
    this.docs = docs;
    this.ready = true;
  }

  /** Marks the copy unusable (its worker stopped or failed before the store was known to have the batch). */
  invalidate(): void {
    this.ready = false;
    this.docs = [];
  }

  /** Applies writes the store has committed: changes in place, new documents merged in one pass (a catch-up adds thousands per batch). */
  apply(writes: readonly DocumentWrite[]): void {
    if (!this.ready) return;
    const added = new Map<string, D>();
    const removed = new Set<string>();
    for (const write of writes) {
      const index = this.indexOf(write.id);
      if (index < this.docs.length && this.docs[index]._id === write.id) {
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
