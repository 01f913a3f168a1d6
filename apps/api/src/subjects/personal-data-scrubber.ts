import { Injectable } from '@nestjs/common';

/** What scrubbing found and cleared of one data subject, for the erasure receipt. */
export interface ScrubReport {
  /** Read models that held documents of the subject (their personal fields now read "[erased]"). */
  readonly readModels: readonly string[];
  /** Idempotency records of the subject's requests that were cleared. */
  readonly idempotencyRecords: number;
}

/**
 * Clears an erased subject's personal data from the stores built beside the log (read models,
 * idempotency records). Called once every read model has applied the subject's PersonalDataErased,
 * so the report can say what is really gone; it must be idempotent (an erasure may be repeated).
 */
export abstract class PersonalDataScrubber {
  abstract scrub(subjectId: string): Promise<ScrubReport>;
}

/** Until the read models and idempotency records scrub themselves: nothing to report. */
@Injectable()
export class NoPersonalDataScrubber extends PersonalDataScrubber {
  async scrub(): Promise<ScrubReport> {
    return { readModels: [], idempotencyRecords: 0 };
  }
}
