import type { DocumentStore, Filter, FindOptions, Page } from '@app/read-store';
import type { IndexBuilder, MirrorIndex } from './document-mirror';
import type { Projection, ReadModelDoc } from './projection';
import type { ProjectionRunner } from './runner';

/**
 * Reads of the live generation of a read model, named by its projection: the document type follows
 * from it (`all(pipelineProjection)` is a `PipelineDoc[]`). What the reports and queries of the read
 * models are written against; the API and the benchmarks read through the same one.
 */
export interface ReadModelQueries {
  get<D extends ReadModelDoc>(readModel: Projection<D>, id: string): Promise<D | null>;
  getMany<D extends ReadModelDoc>(readModel: Projection<D>, ids: readonly string[]): Promise<Map<string, D>>;
  find<D extends ReadModelDoc>(readModel: Projection<D>, options: FindOptions): Promise<Page<D>>;
  /** Every matching document (streamed from the store in pages; from memory when the runner keeps the whole read model there). */
  all<D extends ReadModelDoc>(readModel: Projection<D>, filter?: Filter): Promise<D[]>;
  /**
   * A structure the runner derives from a read model kept in memory and updates with every committed
   * batch; undefined when there is none to read (answer from `all` instead).
   */
  indexed<D extends ReadModelDoc, I extends MirrorIndex<D>>(readModel: Projection<D>, build: IndexBuilder<D, I>): I | undefined;
}

/** ReadModelQueries over a document store and the runner that keeps its read models. */
export class ReadModelReader implements ReadModelQueries {
  constructor(
    private readonly store: DocumentStore,
    private readonly runner: ProjectionRunner,
  ) {}

  get<D extends ReadModelDoc>(readModel: Projection<D>, id: string): Promise<D | null> {
    return this.store.get<D>(this.runner.collectionOf(readModel), id);
  }

  getMany<D extends ReadModelDoc>(readModel: Projection<D>, ids: readonly string[]): Promise<Map<string, D>> {
    return this.store.getMany<D>(this.runner.collectionOf(readModel), ids);
  }

  find<D extends ReadModelDoc>(readModel: Projection<D>, options: FindOptions): Promise<Page<D>> {
    return this.store.find<D>(this.runner.collectionOf(readModel), options);
  }

  async all<D extends ReadModelDoc>(readModel: Projection<D>, filter?: Filter): Promise<D[]> {
    const inMemory = filter === undefined ? this.runner.documentsInMemory(readModel) : undefined;
    if (inMemory) return inMemory;
    const docs: D[] = [];
    for await (const doc of this.store.scan<D>(this.runner.collectionOf(readModel), filter)) docs.push(doc);
    return docs;
  }

  indexed<D extends ReadModelDoc, I extends MirrorIndex<D>>(readModel: Projection<D>, build: IndexBuilder<D, I>): I | undefined {
    return this.runner.indexInMemory(readModel, build);
  }
}
