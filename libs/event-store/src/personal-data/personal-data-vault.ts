import {
  contactQuery,
  erasePersonalData,
  hasPersonalText,
  lookupsOf,
  mapPersonalData,
  mapPersonalDataOnRead,
  personalDataOf,
  personalTexts,
  PersonalDataSpec,
  subjectOf,
} from '@app/domain/personal-data';
import { RecordedEvent } from '@app/domain/shared';
import { NewEvent } from '../event-store.port';
import { LookupHasher } from './lookup-hasher';
import { isEncrypted, openText, sealText } from './personal-data-cipher';
import { SubjectErasure, SubjectKeyStore } from './subject-key-store.port';

export interface VaultOptions {
  /**
   * How long a key read from the store is used before it is read again. Bounds how long another
   * process (an API instance sharing MongoDB) may still decrypt a subject erased elsewhere; this
   * process forgets a key at once when it erases the subject or reads its PersonalDataErased.
   */
  readonly keyTtlMs?: number;
  /** Subjects whose keys are remembered at most. */
  readonly maxCachedSubjects?: number;
}

interface Cached {
  /** null: erased (for good). */
  readonly key: Buffer | null;
  readonly until: number;
  /** Streams and lookups already recorded in the key store for the subject. */
  readonly recorded: Set<string>;
}

/** Thrown on read when an event holds ciphertext of a subject the key store has never heard of. */
export class MissingSubjectKeyError extends Error {
  constructor(readonly subjectId: string) {
    super(`no key for data subject ${subjectId} in the subject key store, which has no erasure of it either: the key store does not belong to this event log`);
    this.name = 'MissingSubjectKeyError';
  }
}

/**
 * Personal data in events, per data subject (personal-data.catalog.ts): encrypted on the way into
 * the log under the subject's key, decrypted on the way out, "[erased]" once the key is deleted.
 * Also the one place phones and e-mails are hashed for lookups.
 */
export class PersonalDataVault {
  private readonly cache = new Map<string, Cached>();
  private readonly keyTtlMs: number;
  private readonly maxCached: number;

  constructor(
    private readonly keys: SubjectKeyStore,
    private readonly hasher: LookupHasher,
    options: VaultOptions = {},
  ) {
    this.keyTtlMs = options.keyTtlMs ?? 30_000;
    this.maxCached = options.maxCachedSubjects ?? 20_000;
  }

  /** The events as they are to be stored: every personal text sealed under its subject's key. */
  async protect(streamId: string, events: readonly NewEvent[]): Promise<NewEvent[]> {
    const protectedEvents: NewEvent[] = [];
    for (const event of events) {
      const spec = personalDataOf(event.type, event.version);
      if (!spec || !hasPersonalText(spec, event.data)) {
        protectedEvents.push(event);
        continue;
      }
      const subjectId = subjectOf(spec, event.data);
      if (!subjectId) throw new Error(`${event.type} v${event.version} holds personal data but no data subject at data.${spec.subject}`);
      const lookups = lookupsOf(spec, event.data).map(({ kind, value }) => this.hasher.hash(kind, value));
      const key = await this.keyFor(subjectId, streamId, lookups);
      // An erased subject stays erased: what comes later about them is not kept either.
      const data = key ? mapPersonalData(spec, event.data, (text) => sealText(key, subjectId, text)) : erasePersonalData(spec, event.data);
      protectedEvents.push({ ...event, data });
    }
    return protectedEvents;
  }

  /** The events as readers see them: personal texts decrypted, or "[erased]" when the subject is erased. */
  async reveal<E extends RecordedEvent>(events: readonly E[]): Promise<E[]> {
    for (const event of events) {
      // Erasure is final: once its event is seen, no cached key of the subject is used again.
      if (event.type === 'PersonalDataErased') this.remember((event.data as { subjectId: string }).subjectId, null);
    }
    const personal = events.map((event) => {
      const spec = personalDataOf(event.type, event.version);
      const subjectId = spec && subjectOf(spec, event.data);
      return spec && subjectId && hasPersonalText(spec, event.data) ? { spec, subjectId } : undefined;
    });
    // This batch's keys, held here: the cache may let some go before the batch is done.
    const keys = new Map<string, Buffer | null>();
    const now = Date.now();
    for (const p of personal) {
      const cached = p && this.fresh(p.subjectId, now);
      if (cached) keys.set(p.subjectId, cached.key);
    }
    const wanted = [...new Set(personal.flatMap((p) => (p && !keys.has(p.subjectId) ? [p.subjectId] : [])))];
    if (wanted.length > 0) {
      for (const [subjectId, key] of await this.keys.keysOf(wanted)) keys.set(subjectId, this.remember(subjectId, key).key);
    }
    return events.map((event, i) => {
      const p = personal[i];
      return p ? { ...event, data: this.open(p.spec, p.subjectId, event.data, keys.get(p.subjectId)) } : event;
    });
  }

  /**
   * Deletes the subject's key for good (every personal value of theirs now reads "[erased]") and its
   * lookups. Says whether the subject was known, and which streams held its data.
   */
  async erase(subjectId: string, erasedAt: string): Promise<SubjectErasure> {
    const outcome = await this.keys.erase(subjectId, erasedAt);
    if (outcome.status !== 'unknown') this.remember(subjectId, null);
    return outcome;
  }

  /**
   * The subjects (leads and customers: their ids) recorded with this phone number or e-mail address,
   * matched by keyed hash; undefined when `text` is neither (search names instead).
   */
  async subjectsWithContact(text: string): Promise<string[] | undefined> {
    const contact = contactQuery(text);
    return contact ? this.keys.subjectsByLookup(this.hasher.hash(contact.kind, contact.value)) : undefined;
  }

  ping(): Promise<void> {
    return this.keys.ping();
  }

  close(): Promise<void> {
    this.cache.clear();
    return this.keys.close();
  }

  /**
   * `key`: the subject's key, null when erased, undefined when the key store has never seen the
   * subject. A sealed text is opened when its field is first read: most readers (a decider folding a
   * lead, a read model counting activities) never read most personal fields, and opening one is
   * most of what reading an event costs. So a value altered in the log fails where it is read.
   */
  private open<T>(spec: PersonalDataSpec, subjectId: string, data: T, key: Buffer | null | undefined): T {
    // Erased: every personal text, also one written in the clear before encryption came in.
    if (key === null) return erasePersonalData(spec, data);
    if (!key) {
      // A log whose key store is not its own is reported at once, not at the first field read.
      if (personalTexts(spec, data).some(({ text }) => isEncrypted(text))) throw new MissingSubjectKeyError(subjectId);
      return data;
    }
    return mapPersonalDataOnRead(spec, data, (text) => (isEncrypted(text) ? openText(key, subjectId, text) : text));
  }

  private async keyFor(subjectId: string, streamId: string, lookups: readonly string[]): Promise<Buffer | null> {
    const cached = this.fresh(subjectId, Date.now());
    const needed = [`stream:${streamId}`, ...lookups.map((l) => `lookup:${l}`)];
    if (cached && (cached.key === null || needed.every((n) => cached.recorded.has(n)))) return cached.key;
    const key = await this.keys.keyFor(subjectId, { streamId, lookups });
    const entry = this.remember(subjectId, key);
    if (key) needed.forEach((n) => entry.recorded.add(n));
    return key;
  }

  private fresh(subjectId: string, now: number): Cached | undefined {
    const cached = this.cache.get(subjectId);
    return cached && (cached.key === null || cached.until > now) ? cached : undefined;
  }

  private remember(subjectId: string, key: Buffer | null): Cached {
    const previous = this.cache.get(subjectId);
    // An erasure is never overwritten by a key read earlier; the recorded uses stay with the same key.
    const entry: Cached = {
      key: previous?.key === null ? null : key,
      until: Date.now() + this.keyTtlMs,
      recorded: previous && previous.key !== null && key !== null && previous.key.equals(key) ? previous.recorded : new Set(),
    };
    this.cache.delete(subjectId);
    this.cache.set(subjectId, entry);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }
}
