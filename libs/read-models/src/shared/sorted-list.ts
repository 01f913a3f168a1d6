/** Bucket size: a splice moves at most ~2×BUCKET elements, and positional lookups walk n/BUCKET buckets. */
const BUCKET = 512;
/** Up to this many pending insertions are placed one by one; more are sorted and merged in one pass. */
const FEW = 32;

/**
 * A sorted multiset kept in buckets of a few hundred elements: insert and remove in O(log n + BUCKET),
 * the k-th element in O(n / BUCKET), iteration in order. The report aggregates keep one per group
 * (medians of days, lead lists in id order) and update them with every committed change; one flat
 * sorted array would move up to the whole list per change. Insertions wait until the list is next
 * read, so building it from many values (a whole read model, a catch-up batch) is one sort.
 */
export class SortedList<T> {
  private buckets: T[][] = [];
  private pending: T[] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  insert(value: T): void {
    this.pending.push(value);
    this.count++;
  }

  /** Removes one element that compares equal to `value`; false when there is none. */
  remove(value: T): boolean {
    this.settle();
    if (this.count === 0) return false;
    const b = this.bucketOf(value);
    const bucket = this.buckets[b];
    const index = this.lowerBound(bucket, value);
    if (index === bucket.length || this.compare(bucket[index], value) !== 0) return false;
    // Shifted by hand: splice would allocate the array of removed elements on every call.
    for (let i = index + 1; i < bucket.length; i++) bucket[i - 1] = bucket[i];
    bucket.pop();
    this.count--;
    if (bucket.length === 0) this.buckets.splice(b, 1);
    return true;
  }

  /** The element at `index` in order (0-based); undefined beyond the end. */
  at(index: number): T | undefined {
    this.settle();
    if (index < 0 || index >= this.count) return undefined;
    let rest = index;
    for (const bucket of this.buckets) {
      if (rest < bucket.length) return bucket[rest];
      rest -= bucket.length;
    }
    return undefined;
  }

  last(): T | undefined {
    this.settle();
    const bucket = this.buckets[this.buckets.length - 1];
    return bucket?.[bucket.length - 1];
  }

  /** The elements in order, each mapped (a new array). */
  map<U>(fn: (value: T) => U): U[] {
    this.settle();
    const out = new Array<U>(this.count);
    let k = 0;
    for (const bucket of this.buckets) for (let i = 0; i < bucket.length; i++) out[k++] = fn(bucket[i]);
    return out;
  }

  toArray(): T[] {
    this.settle();
    const out = new Array<T>(this.count);
    let k = 0;
    for (const bucket of this.buckets) for (let i = 0; i < bucket.length; i++) out[k++] = bucket[i];
    return out;
  }

  /** Places the pending insertions: one by one when few, else sorted and merged with the rest in one pass. */
  private settle(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    if (pending.length <= FEW) {
      for (const value of pending) this.place(value);
      return;
    }
    pending.sort(this.compare);
    const merged = new Array<T>(this.count);
    let k = 0;
    let j = 0;
    for (const bucket of this.buckets) {
      for (let i = 0; i < bucket.length; i++) {
        while (j < pending.length && this.compare(pending[j], bucket[i]) < 0) merged[k++] = pending[j++];
        merged[k++] = bucket[i];
      }
    }
    while (j < pending.length) merged[k++] = pending[j++];
    this.buckets = [];
    for (let i = 0; i < merged.length; i += BUCKET) this.buckets.push(merged.slice(i, i + BUCKET));
  }

  private place(value: T): void {
    const buckets = this.buckets;
    if (buckets.length === 0) {
      buckets.push([value]);
      return;
    }
    const last = buckets[buckets.length - 1];
    // Values mostly come in order (documents are read in id order): append without searching.
    if (this.compare(value, last[last.length - 1]) >= 0) {
      last.push(value);
      if (last.length > 2 * BUCKET) buckets.push(last.splice(BUCKET));
      return;
    }
    const b = this.bucketOf(value);
    const bucket = buckets[b];
    const at = this.upperBound(bucket, value);
    bucket.push(value);
    for (let i = bucket.length - 1; i > at; i--) bucket[i] = bucket[i - 1];
    bucket[at] = value;
    if (bucket.length > 2 * BUCKET) buckets.splice(b + 1, 0, bucket.splice(BUCKET));
  }

  /** The first bucket whose last element is ≥ value (the last bucket when none is). */
  private bucketOf(value: T): number {
    let low = 0;
    let high = this.buckets.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const bucket = this.buckets[middle];
      if (this.compare(bucket[bucket.length - 1], value) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private lowerBound(bucket: readonly T[], value: T): number {
    let low = 0;
    let high = bucket.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(bucket[middle], value) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private upperBound(bucket: readonly T[], value: T): number {
    let low = 0;
    let high = bucket.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(bucket[middle], value) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
