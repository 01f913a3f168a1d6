import { Inject, Injectable } from '@nestjs/common';
import { Projection, ProjectionRunner, ReadModelDoc, ReadModelReader } from '@app/projection-engine';
import { DOCUMENT_STORE, DocumentStore, Filter, FindOptions, InvalidCursorError, InvalidQueryError, Page } from '@app/read-store';
import { ApiProblem } from '../shared/http/api-problem';

/**
 * Queries against the live generation of a read model, named by its projection (the document type
 * follows from it). The one place that turns a refused filter into a 400.
 */
@Injectable()
export class ReadModels extends ReadModelReader {
  constructor(@Inject(DOCUMENT_STORE) store: DocumentStore, runner: ProjectionRunner) {
    super(store, runner);
  }

  override find<D extends ReadModelDoc>(readModel: Projection<D>, options: FindOptions): Promise<Page<D>> {
    return this.guard(() => super.find(readModel, options));
  }

  override all<D extends ReadModelDoc>(readModel: Projection<D>, filter?: Filter): Promise<D[]> {
    return this.guard(() => super.all(readModel, filter));
  }

  private async guard<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (error) {
      if (error instanceof InvalidCursorError) throw ApiProblem.badRequest('Invalid request: cursor', [{ field: 'cursor', messages: ['cursor must be a cursor returned by a previous page of this list'] }]);
      if (error instanceof InvalidQueryError) throw ApiProblem.badRequest(error.message, [{ field: 'query', messages: [error.message] }]);
      throw error;
    }
  }
}
