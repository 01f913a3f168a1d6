import { Command } from '../shared';

/**
 * Records that a subject's personal data was erased. The application deletes the subject's key
 * first (crypto-shredding) and passes what that found: when, and which streams held the data.
 */
export type ErasePersonalData = Command<
  'ErasePersonalData',
  {
    readonly subjectId: string;
    readonly reason: string;
    readonly erasedAt: string;
    readonly streams: readonly string[];
  }
>;

export type SubjectCommand = ErasePersonalData;
