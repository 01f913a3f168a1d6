import { Decider, Decision, ruleViolated } from '../shared';
import { SubjectCommand } from './subject.commands';
import { PersonalDataErasedData, SubjectEvent } from './personal-data.events';

export const SUBJECT_ERROR_CODES = ['REASON_REQUIRED'] as const;
export type SubjectErrorCode = (typeof SUBJECT_ERROR_CODES)[number];

export interface SubjectState {
  /** The erasure, once it happened; erasure is final. */
  readonly erased: PersonalDataErasedData | null;
}

export const initialSubjectState: SubjectState = { erased: null };

const decide = (command: SubjectCommand, state: SubjectState): Decision<SubjectEvent> => {
  const { subjectId, reason, erasedAt, streams } = command.data;
  // Erasing again changes nothing: the first erasure stands, with its time and reason.
  if (state.erased) return [];
  if (reason.trim() === '') return ruleViolated('REASON_REQUIRED', 'An erasure needs a reason.', { subjectId });
  return [{ type: 'PersonalDataErased', version: 1, data: { subjectId, reason, erasedAt, streams: [...new Set(streams)].sort() } }];
};

const evolve = (state: SubjectState, event: SubjectEvent): SubjectState => {
  switch (event.type) {
    case 'PersonalDataErased':
      return state.erased ? state : { erased: event.data };
    default:
      return state;
  }
};

export const subjectDecider: Decider<SubjectCommand, SubjectState, SubjectEvent> = { initialState: initialSubjectState, decide, evolve };
