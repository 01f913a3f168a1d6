/** What erasing a subject found. */
export type SubjectErasure =
  | { readonly status: 'unknown' }
  | {
      /** `erased`: the key was deleted now; `already_erased`: by an earlier erasure (its time). */
      readonly status: 'erased' | 'already_erased';
      readonly erasedAt: string;
      /** The streams whose events were encrypted under the subject's key. */
      readonly streams: readonly string[];
    };

/** What an append records for its subject besides the key. */
export interface SubjectUse {
  readonly streamId: string;
  /** Keyed hashes of the phones and e-mails the subject can be looked up by. */
  readonly lookups: readonly string[];
}

/**
 * The data subjects' keys, kept apart from the event log: deleting a key makes every personal value
 * encrypted under it unreadable (crypto-shredding) while the log stays append-only. Embedded: a SQLite
 * file of its own in DATA_DIR; production: a MongoDB collection. One contract suite
 * (testing/subject-key-store.contract.ts). Storage failures are EventStoreUnavailableError: to the
 * API the keys are part of the log.
 */
export interface SubjectKeyStore {
  /**
   * The subject's key, created on first use, with the stream and lookups recorded for it. Null once
   * the subject is erased: an erased subject never gets a key again (nor lookups).
   */
  keyFor(subjectId: string, use: SubjectUse): Promise<Buffer | null>;
  /** For reading: the key of each subject given, null for an erased one; subjects never seen are absent. */
  keysOf(subjectIds: readonly string[]): Promise<Map<string, Buffer | null>>;
  /** Subjects with this keyed hash among their lookups (an erased subject has none left). */
  subjectsByLookup(lookup: string): Promise<string[]>;
  /** Deletes the key and the lookups for good; remembers that, when and which streams. */
  erase(subjectId: string, erasedAt: string): Promise<SubjectErasure>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
