import { Inject, Injectable } from '@nestjs/common';
import { SubjectState } from '@app/domain/personal-data';
import { RecordedEvent } from '@app/domain/shared';
import { PROJECTIONS } from '@app/read-models';
import { PERSONAL_DATA_ERASED } from '@app/read-models';
import { DOCUMENT_STORE, DocumentStore } from '@app/read-store';
import { ReadModels } from '../read-models/read-models.service';
import { CommandExecutor } from '@app/application/command-executor';
import { IDEMPOTENCY_STORE, IdempotencyStore } from '../shared/idempotency/idempotency.store';
import { PersonalDataScrubber, ScrubReport } from './personal-data-scrubber';

/**
 * Scrubs the stores beside the log once every read model has applied the subject's
 * PersonalDataErased: the projections replaced the personal fields of the subject's documents
 * themselves (personal-data-erasure.ts); this reports which read models held such documents, forgets
 * the idempotency records of commands on the subject's streams, and has the read store drop the
 * earlier versions of what was overwritten. Repeating it reports the same read models and finds no
 * more records to forget.
 */
@Injectable()
export class StorePersonalDataScrubber extends PersonalDataScrubber {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly readModels: ReadModels,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {
    super();
  }

  async scrub(subjectId: string): Promise<ScrubReport> {
    const { events, state } = await this.executor.load('subject', subjectId);
    const erasure = events.findLast((event) => event.type === PERSONAL_DATA_ERASED);
    if (!erasure || !(state as SubjectState).erased) return { readModels: [], idempotencyRecords: 0 };
    const readModels = await this.readModelsHolding(erasure);
    const idempotencyRecords = await this.idempotency.forgetStreams((state as SubjectState).erased!.streams);
    await this.documents.forgetOverwritten();
    return { readModels, idempotencyRecords };
  }

  /** The read models that keep documents of the erased records (the same ids their projection scrubbed). */
  private async readModelsHolding(erasure: RecordedEvent): Promise<string[]> {
    const holding: string[] = [];
    for (const projection of PROJECTIONS) {
      if (!projection.eventTypes.includes(PERSONAL_DATA_ERASED)) continue;
      const ids = projection.keys(erasure);
      if (ids.length > 0 && (await this.readModels.getMany(projection, ids)).size > 0) holding.push(projection.name);
    }
    return holding;
  }
}
