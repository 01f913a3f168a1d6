import { upcastEvent } from '@app/domain';
import { RecordedEvent } from '@app/domain/shared';
import { EventStore } from '@app/event-store';
import { Document, DocumentStore, DocumentWrite } from '@app/read-store';
import { ConsumerError, ConsumerLoop, ConsumerState, FatalConsumerError } from './consumer-loop';
import { DocumentMirror, IndexBuilder, MirrorIndex } from './document-mirror';
import { applyOnce, Projection, ReadModelDoc } from './projection';
import { SharedCatchUp } from './shared-catch-up';

/** Which generation of a projection's collection is live (a rebuild writes the next one beside it). */
interface ActiveGeneration extends Document {
  readonly generation: number;
  readonly version: number;
  readonly activatedAt: string;
}

const META = '_projections';
/** Documents a worker remembers from its last batches (the next batches mostly touch the same ones): not read back and parsed again. */
const RECENT_DOCUMENTS = 4_000;
/** A worker far behind the head holds its changes to commit them with later batches (ProjectionWorker.apply). */
export interface HoldBackOptions {
  /** Events (of the projection's types, counted) behind the head from which changes are held; nearer, every batch is committed at once. */
  readonly whenBehind: number;
  /** What is held at most (in memory, and redone after a crash): changed documents… */
  readonly maxDocuments: number;
  /** …and events applied. */
  readonly maxEvents: number;
}
// 20,000 documents: a 1M-event rebuild took 63–77 s, against 82–97 s with 5,000 (alternated, four
// each), its peak memory no longer growing in the second half of the log; 50,000 gained nothing more
// and grew with the number of leads.
const HOLD_BACK: HoldBackOptions = { whenBehind: 10_000, maxDocuments: 20_000, maxEvents: 200_000 };
/**
 * How far ahead the hold-back counts the events still to come: far behind, one count covers many
 * batches (it is a lower bound that only shrinks by the events applied), so a store that counts by
 * reading (EventStoreDB) reads about a tenth more, not the log again per batch.
 */
const HOLD_BACK_COUNT_AHEAD = 10;
/** The lag shown in the status is counted up to this many events ("at least" beyond). */
export const LAG_COUNT_LIMIT = 10_000;
const physical = (name: string, generation: number) => `${name}@${generation}`;

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly generation: number;
  readonly state: ConsumerState;
  /** Every event up to this log position has been applied. */
  readonly checkpoint: number;
  readonly headPosition: number;
  /** Events of the projection's types between the checkpoint and the head, counted (at most LAG_COUNT_LIMIT). */
  readonly lagEvents: number;
  /** The count stopped at LAG_COUNT_LIMIT: at least `lagEvents` events are waiting. */
  readonly lagEventsCapped: boolean;
  /** Age of the newest event applied, while events are waiting; 0 when caught up. */
  readonly lagSeconds: number;
  readonly eventsPerSecond: number;
  readonly lastError: ConsumerError | null;
  /** The last failure of an index kept over the in-memory documents (dropped, and built again on next use). */
  readonly lastIndexError: IndexFailure | null;
  readonly rebuild: {
    readonly generation: number;
    readonly state: ConsumerState;
    readonly checkpoint: number;
    /** Events the rebuild has applied so far (counted). */
    readonly eventsApplied: number;
    readonly startedAt: string;
  } | null;
  /** How the last rebuild ended. */
  readonly lastRebuild: RebuildOutcome | null;
}

export interface RebuildOutcome {
  readonly generation: number;
  readonly outcome: 'swapped' | 'failed';
  readonly error: string | null;
  readonly finishedAt: string;
}

export interface RunnerOptions {
  readonly batchSize?: number;
  readonly now?: () => Date;
  /** Projections whose documents are also kept in memory, for the reports that read all of them. */
  readonly inMemory?: readonly Projection[];
  readonly holdBack?: Partial<HoldBackOptions>;
  /** Where failures that no caller awaits are told (a rebuild started at startup, an in-memory index that failed). */
  readonly logger?: EngineLogger;
  /** Told after each batch a projection applied (metrics, traces); it must not throw. */
  readonly onApplied?: (applied: AppliedBatch) => void;
}

/** A batch one projection applied: its events in log order, and when the work began and ended (epoch ms). */
export interface AppliedBatch {
  readonly projection: string;
  readonly events: readonly RecordedEvent[];
  readonly startedAt: number;
  readonly endedAt: number;
}

/** The one thing the engine asks of a logger (Nest's Logger and the console both fit). */
export interface EngineLogger {
  error(message: string, stack?: string): void;
}

const CONSOLE_LOGGER: EngineLogger = { error: (message, stack) => console.error(stack ? `${message}\n${stack}` : message) };

const stackOf = (error: unknown): string | undefined => (error instanceof Error ? error.stack : String(error));

/** A failure of an in-memory index, shown in the status until the index is built again. */
export interface IndexFailure {
  readonly message: string;
  readonly at: string;
}

/** One generation of one projection, fed by its own checkpointed subscription. */
class ProjectionWorker {
  readonly loop: ConsumerLoop;
  readonly collection: string;
  readonly startedAt = new Date().toISOString();
  /** The collection in memory, when the projection is kept there. */
  readonly memory: DocumentMirror<ReadModelDoc> | undefined;
  /** The stored version of recently written documents (null: known to be absent), oldest first. */
  private readonly recent = new Map<string, ReadModelDoc | null>();
  /** Changes applied but not yet committed (null: deleted), and the position they reach. */
  private readonly unsaved = new Map<string, ReadModelDoc | null>();
  private unsavedTo = 0;
  private unsavedEvents = 0;
  /** Events of this projection's types known to lie after `unsavedTo` (at least): counted, then lowered by each batch applied. */
  private behind = 0;
  /** The position committed last. */
  private durable = 0;
  lastIndexError: IndexFailure | null = null;

  constructor(
    readonly projection: Projection,
    readonly generation: number,
    private readonly events: EventStore,
    catchUp: SharedCatchUp,
    private readonly docs: DocumentStore,
    batchSize: number,
    inMemory: boolean,
    private readonly holdBack: HoldBackOptions,
    logger: EngineLogger,
    onApplied?: (applied: AppliedBatch) => void,
  ) {
    this.collection = physical(projection.name, generation);
    this.memory = inMemory
      ? new DocumentMirror<ReadModelDoc>({
          onIndexError: (error) => {
            this.lastIndexError = { message: (error as Error).message ?? String(error), at: new Date().toISOString() };
            logger.error(`${this.collection}: an in-memory index failed on a change and was dropped (built again on next use)`, stackOf(error));
          },
        })
      : undefined;
    this.loop = new ConsumerLoop(catchUp, {
      types: projection.eventTypes,
      batchSize,
      from: () => this.resumeFrom(),
      handle: async (batch) => {
        const startedAt = Date.now();
        const durable = await this.apply(batch);
        onApplied?.({ projection: projection.name, events: batch, startedAt, endedAt: Date.now() });
        return durable;
      },
      flush: () => this.save(),
    });
  }

  /** The checkpoint to resume from; the in-memory copy is (re)loaded first, before the loop consumes: nothing else writes the collection meanwhile. */
  private async resumeFrom(): Promise<number> {
    this.recent.clear();
    this.unsaved.clear();
    this.unsavedEvents = 0;
    this.behind = 0;
    const checkpoint = await this.docs.checkpoint(this.collection);
    if (this.memory) await this.memory.load(this.docs.scan<ReadModelDoc>(this.collection));
    this.durable = this.unsavedTo = checkpoint;
    return checkpoint;
  }

  /**
   * Evolves the documents a batch touches. Near the head the batch is committed at once (documents
   * and its last position, atomically). Far behind it (a rebuild, a restart after downtime) the
   * changes are held and committed with later batches: a lead touched by ten events in a stretch of
   * the log is then written once, not ten times. What is held is bounded (HoldBackOptions) and lost
   * harmlessly on a crash: the loop resumes from the stored checkpoint.
   */
  private async apply(batch: readonly RecordedEvent[]): Promise<number> {
    const events = batch.map((e) => upcastEvent(e));
    const keyed = events.map((event) => ({ event, ids: this.keys(event) }));
    const ids = [...new Set(keyed.flatMap((k) => k.ids))];
    const unknown = ids.filter((id) => !this.unsaved.has(id) && !this.recent.has(id));
    const read = unknown.length > 0 ? await this.docs.getMany<ReadModelDoc>(this.collection, unknown) : new Map<string, ReadModelDoc>();
    const before = new Map<string, ReadModelDoc | null>(
      ids.map((id) => [id, this.unsaved.has(id) ? this.unsaved.get(id)! : this.recent.has(id) ? this.recent.get(id)! : (read.get(id) ?? null)]),
    );
    const docs = new Map(before);
    for (const { event, ids: eventIds } of keyed) {
      for (const id of eventIds) {
        try {
          docs.set(id, applyOnce(this.projection, docs.get(id) ?? null, event, id));
        } catch (error) {
          throw new FatalConsumerError(`${this.projection.name} cannot apply ${event.type} at position ${event.position}: ${(error as Error).message}`, event, error);
        }
      }
    }
    // Only what changed is written; the checkpoint moves with every batch, even one that changed nothing.
    for (const id of ids) if (docs.get(id) !== before.get(id)) this.unsaved.set(id, docs.get(id) ?? null);
    this.unsavedTo = events[events.length - 1].position;
    this.unsavedEvents += events.length;
    this.behind = Math.max(0, this.behind - events.length);
    // What lies ahead is counted only while holding is still within bounds, never taken from the
    // distance between positions. Not keyed to the loop's state: a loop must not commit every batch
    // of a long catch-up (measured: two read models that did so committed every batch of 1M).
    const hold = this.holdBack;
    const mayHold = this.unsaved.size < hold.maxDocuments && this.unsavedEvents < hold.maxEvents;
    if (mayHold && Number.isFinite(hold.whenBehind) && this.behind <= hold.whenBehind) {
      this.behind = await this.events.countEvents({ after: this.unsavedTo, types: this.projection.eventTypes, limit: hold.whenBehind * HOLD_BACK_COUNT_AHEAD });
    }
    if (mayHold && this.behind > hold.whenBehind) return this.durable;
    return this.save();
  }

  /** Commits every change held, with the position of the last batch applied; resolves with the durable position. */
  private async save(): Promise<number> {
    if (this.unsavedTo <= this.durable) return this.durable;
    const writes: DocumentWrite[] = [...this.unsaved].map(([id, doc]) => ({ collection: this.collection, id, doc }));
    try {
      if (await this.docs.commit(this.collection, this.unsavedTo, writes)) {
        this.memory?.apply(writes);
        this.remember(this.unsaved);
      }
    } catch (error) {
      // Whether the store kept the batch is unknown: the copies are reloaded when the loop resumes.
      this.memory?.invalidate();
      this.recent.clear();
      this.unsaved.clear();
      throw error;
    }
    this.unsaved.clear();
    this.unsavedEvents = 0;
    return (this.durable = this.unsavedTo);
  }

  /** Remembers the documents of a commit as now stored, forgetting the least recently written beyond RECENT_DOCUMENTS. */
  private remember(docs: ReadonlyMap<string, ReadModelDoc | null>): void {
    for (const [id, doc] of docs) {
      this.recent.delete(id);
      this.recent.set(id, doc);
    }
    for (const id of this.recent.keys()) {
      if (this.recent.size <= RECENT_DOCUMENTS) break;
      this.recent.delete(id);
    }
  }

  private keys(event: RecordedEvent): readonly string[] {
    try {
      return this.projection.keys(event);
    } catch (error) {
      throw new FatalConsumerError(`${this.projection.name} cannot key ${event.type} at position ${event.position}: ${(error as Error).message}`, event, error);
    }
  }

  /** True when every event up to `position` that this projection reads has been applied. */
  async hasReached(position: number): Promise<boolean> {
    const reached = this.loop.reached;
    if (reached >= position) return true;
    if (!this.loop.isIdle) return false;
    // Idle but behind `position`: caught up when the log has reached it and no event this projection
    // reads lies in between (the events it skips do not hold it back).
    if ((await this.events.headPosition()) < position) return false;
    const [next] = await this.events.readAll({ after: reached, maxCount: 1, types: this.projection.eventTypes });
    return !next || next.position > position;
  }

  async drop(): Promise<void> {
    await this.loop.stop();
    this.memory?.invalidate();
    this.recent.clear();
    this.unsaved.clear();
    await this.docs.dropCollection(this.collection);
    await this.docs.deleteCheckpoint(this.collection);
  }
}

/**
 * Keeps every read model up to date from the log, and rebuilds any of them from position 0 beside
 * the live one, swapping it in once it has caught up (no downtime: queries read the live
 * generation until the swap).
 */
export class ProjectionRunner {
  private readonly live = new Map<string, ProjectionWorker>();
  private readonly rebuilding = new Map<string, ProjectionWorker>();
  private readonly lastRebuild = new Map<string, RebuildOutcome>();
  private readonly byName: Map<string, Projection>;
  private readonly batchSize: number;
  private readonly now: () => Date;
  private readonly inMemory: ReadonlySet<string>;
  private readonly holdBack: HoldBackOptions;
  private readonly logger: EngineLogger;
  private readonly onApplied?: (applied: AppliedBatch) => void;
  /** One read of the log for all the workers that catch up over the same stretch of it (a rebuild of all of them, a restart). */
  private readonly catchUp: SharedCatchUp;

  constructor(
    private readonly events: EventStore,
    private readonly docs: DocumentStore,
    projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.byName = new Map(projections.map((p) => [p.name, p]));
    this.batchSize = options.batchSize ?? 2_000;
    this.now = options.now ?? (() => new Date());
    this.inMemory = new Set((options.inMemory ?? []).map((p) => p.name));
    this.holdBack = { ...HOLD_BACK, ...options.holdBack };
    this.logger = options.logger ?? CONSOLE_LOGGER;
    this.onApplied = options.onApplied;
    this.catchUp = new SharedCatchUp(events, projections.flatMap((p) => p.eventTypes), this.batchSize);
  }

  /** Every projection the runner keeps, in the order given. */
  get projections(): Projection[] {
    return [...this.byName.values()];
  }

  /** The projection a name given from outside (a URL, the command line) stands for; undefined when none. */
  projectionNamed(name: string): Projection | undefined {
    return this.byName.get(name);
  }

  /** Resumes every projection from its checkpoint; one whose version changed is rebuilt beside the old one. */
  async start(): Promise<void> {
    for (const projection of this.byName.values()) {
      const active = await this.docs.get<ActiveGeneration>(META, projection.name);
      const generation = active?.generation ?? 1;
      await this.docs.ensureIndexes(physical(projection.name, generation), projection.indexes);
      if (!active) await this.activate(projection, generation);
      const worker = this.worker(projection, generation);
      this.live.set(projection.name, worker);
      worker.loop.start();
      // Nobody awaits this rebuild: its failure is logged here and shown in the status (lastRebuild), the old generation serving meanwhile.
      if (active && active.version !== projection.version) {
        void this.rebuild(projection).catch((error) => this.logger.error(`rebuild of ${projection.name} (version ${active.version} → ${projection.version}) failed`, stackOf(error)));
      }
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.live.values(), ...this.rebuilding.values()].map((w) => w.loop.stop()));
  }

  /** The collection queries read for a projection: its live generation. */
  collectionOf(projection: Projection): string {
    return this.liveWorker(projection).collection;
  }

  /**
   * Every document of the live generation, in id order, from memory: for projections kept in
   * memory (`inMemory`) once loaded; undefined otherwise (read the store). A snapshot: it does not
   * change when later batches are applied.
   */
  documentsInMemory<D extends ReadModelDoc>(projection: Projection<D>): D[] | undefined {
    const memory = this.liveWorker(projection).memory;
    return memory?.loaded ? (memory.all() as D[]) : undefined;
  }

  /**
   * A structure derived from the live generation's documents in memory and kept up to date with every
   * committed batch (see DocumentMirror.indexed); undefined when the projection is not kept in memory
   * or not loaded (read the store).
   */
  indexInMemory<D extends ReadModelDoc, I extends MirrorIndex<D>>(projection: Projection<D>, build: IndexBuilder<D, I>): I | undefined {
    const memory = this.liveWorker(projection).memory as DocumentMirror<D> | undefined;
    return memory?.indexed(build);
  }

  isRebuilding(projection: Projection): boolean {
    return this.rebuilding.has(projection.name);
  }

  /**
   * Rebuilds a projection from position 0 into a new generation while the live one keeps serving;
   * resolves once the new generation has caught up and been swapped in.
   */
  async rebuild(projection: Projection): Promise<ProjectionStatus> {
    const current = this.liveWorker(projection);
    const name = projection.name;
    if (this.rebuilding.has(name)) throw new Error(`projection ${name} is already being rebuilt`);
    const generation = current.generation + 1;
    const next = this.worker(projection, generation);
    this.rebuilding.set(name, next);
    try {
      // Leftovers of an interrupted rebuild of the same generation start over.
      await this.docs.dropCollection(next.collection);
      await this.docs.deleteCheckpoint(next.collection);
      next.loop.start();
      await this.until(next, async () => next.loop.state === 'failed' || (await next.hasReached(await this.events.headPosition())));
      if (next.loop.state === 'failed') throw new Error(`rebuild of ${name} failed: ${next.loop.lastError?.message}`);
      // Nobody queries the new generation before the swap: its indexes are built once, over the
      // finished collection, instead of being updated with every batch of the catch-up (much cheaper).
      await this.docs.ensureIndexes(next.collection, projection.indexes);
      await this.activate(projection, generation);
      this.live.set(name, next);
      await current.drop();
      this.lastRebuild.set(name, { generation, outcome: 'swapped', error: null, finishedAt: this.now().toISOString() });
    } catch (error) {
      // The rebuild's own error is what the caller gets; a generation left behind is dropped when the next rebuild starts.
      await next.drop().catch((dropError) => this.logger.error(`${next.collection}: the failed rebuild could not be dropped`, stackOf(dropError)));
      this.lastRebuild.set(name, { generation, outcome: 'failed', error: (error as Error).message, finishedAt: this.now().toISOString() });
      throw error;
    } finally {
      this.rebuilding.delete(name);
    }
    return this.statusOf(name, await this.events.headPosition());
  }

  /** Events a rebuild of `projection` applies up to the log's head now (counted, at most `limit` when given). */
  eventsToRebuild(projection: Projection, limit?: number): Promise<number> {
    return this.events.countEvents({ types: projection.eventTypes, ...(limit !== undefined && { limit }) });
  }

  private worker(projection: Projection, generation: number): ProjectionWorker {
    const inMemory = this.inMemory.has(projection.name);
    return new ProjectionWorker(projection, generation, this.events, this.catchUp, this.docs, this.batchSize, inMemory, this.holdBack, this.logger, this.onApplied);
  }

  /** The live worker of a projection this runner keeps (the same object, or one of the same name). */
  private liveWorker(projection: Projection): ProjectionWorker {
    const worker = this.live.get(projection.name);
    if (!worker) throw new Error(`unknown projection ${projection.name}`);
    return worker;
  }

  /** True once every given projection has applied everything up to `position`; false after `timeoutMs`. */
  async waitFor(projections: readonly Projection[], position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Looked up on every round: a rebuild may swap in a new generation (and stop the old one) while a reader waits.
      const workers = projections.map((projection) => this.liveWorker(projection));
      const reached = await Promise.all(workers.map((w) => w.hasReached(position)));
      if (reached.every(Boolean)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.nextProgress(workers.filter((_, i) => !reached[i]), Math.min(left, 50));
    }
  }

  /** One status per projection, in the order of `projections`. */
  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    return Promise.all([...this.byName.keys()].map((name) => this.statusOf(name, head)));
  }

  private async statusOf(name: string, head: number): Promise<ProjectionStatus> {
    const worker = this.live.get(name)!;
    const loop = worker.loop;
    const checkpoint = loop.reached;
    // Counted, not the distance between positions (on EventStoreDB byte offsets); an idle loop has read up to the head.
    const lagEvents =
      loop.isIdle || checkpoint >= head
        ? 0
        : await this.events.countEvents({ after: checkpoint, upTo: head, types: worker.projection.eventTypes, limit: LAG_COUNT_LIMIT });
    const rebuild = this.rebuilding.get(name);
    return {
      name,
      version: worker.projection.version,
      generation: worker.generation,
      state: loop.state,
      checkpoint,
      headPosition: head,
      lagEvents,
      lagEventsCapped: lagEvents >= LAG_COUNT_LIMIT,
      lagSeconds: lagEvents > 0 && loop.lastRecordedAt ? Math.max(0, (this.now().getTime() - Date.parse(loop.lastRecordedAt)) / 1000) : 0,
      eventsPerSecond: loop.eventsPerSecond,
      lastError: loop.lastError,
      lastIndexError: worker.lastIndexError,
      rebuild: rebuild
        ? { generation: rebuild.generation, state: rebuild.loop.state, checkpoint: rebuild.loop.reached, eventsApplied: rebuild.loop.handledEvents, startedAt: rebuild.startedAt }
        : null,
      lastRebuild: this.lastRebuild.get(name) ?? null,
    };
  }

  private async activate(projection: Projection, generation: number): Promise<void> {
    const doc: ActiveGeneration = { _id: projection.name, generation, version: projection.version, activatedAt: this.now().toISOString() };
    await this.docs.commit(`${META}/${projection.name}`, generation, [{ collection: META, id: projection.name, doc }]);
  }

  private async until(worker: ProjectionWorker, done: () => Promise<boolean>): Promise<void> {
    while (!(await done())) await this.nextProgress([worker], 200);
  }

  private nextProgress(workers: readonly ProjectionWorker[], timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const unsubscribe = workers.map((w) => w.loop.onProgress(finish));
      const timer = setTimeout(finish, timeoutMs);
      function finish() {
        clearTimeout(timer);
        unsubscribe.forEach((u) => u());
        resolve();
      }
    });
  }
}
