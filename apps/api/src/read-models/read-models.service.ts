import { Inject, Injectable } from '@nestjs/common';
import { ProjectionRunner } from '@app/projections/runner';
import { DOCUMENT_STORE, DocumentStore, Filter, FindOptions, InvalidQueryError, Page } from '@app/read-store';
import { ReadModelDoc } from '@app/projections/projection';
import { IndexBuilder, MirrorIndex } from '@app/projections/document-mirror';
import { ApiProblem } from '../shared/http/api-problem';

/**
 * Queries against the live generation of a read model. The one place that resolves a projection
 * name to its collection and turns a refused filter into a 400.
 */
@Injectable()
export class ReadModels {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    private readonly runner: ProjectionRunner,
  ) {}

  get<D extends ReadModelDoc>(projection: string, id: string): Promise<D | null> {
    return this.store.get<D>(this.runner.collectionOf(projection), id);
  }

  getMany<D extends ReadModelDoc>(projection: string, ids: readonly string[]): Promise<Map<string, D>> {
    return this.store.getMany<D>(this.runner.collectionOf(projection), ids);
  }

  find<D extends ReadModelDoc>(projection: string, options: FindOptions): Promise<Page<D>> {
    return this.guard(() => this.store.find<D>(this.runner.collectionOf(projection), options));
  }

  /** Every matching document, for reports (streamed from the store in pages). */
  async all<D extends ReadModelDoc>(projection: string, filter?: Filter): Promise<D[]> {
    // The whole read model, without a filter, comes from memory when the runner keeps it there.
    const inMemory = filter === undefined ? this.runner.documentsInMemory<D>(projection) : undefined;
    if (inMemory) return inMemory;
    return this.guard(async () => {
      const docs: D[] = [];
      for await (const doc of this.store.scan<D>(this.runner.collectionOf(projection), filter)) docs.push(doc);
      return docs;
    });
  }

  /**
   * A structure the runner derives from a read model kept in memory and updates with every committed
   * batch (report aggregates); undefined when there is none to read (answer from `all` instead).
   */
  indexed<D extends ReadModelDoc, I extends MirrorIndex<D>>(projection: string, build: IndexBuilder<D, I>): I | undefined {
    return this.runner.indexInMemory(projection, build);
  }

  private async guard<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      if (error instanceof InvalidQueryError) throw ApiProblem.badRequest(error.message, [{ field: 'query', messages: [error.message] }]);
      throw error;
    }
  }
}
