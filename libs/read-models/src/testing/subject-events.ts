import { PersonalDataErased, erasePersonalData, personalDataOf, subjectOf } from '@app/domain/personal-data';
import { LogEntry } from './event-log';

/** The erasure of a person's data, as the erasure endpoint records it on `subject-<id>`. */
export const personalDataErased = (subjectId: string, streams: readonly string[], erasedAt: string): LogEntry => ({
  streamId: `subject-${subjectId}`,
  event: {
    type: 'PersonalDataErased',
    version: 1,
    data: { subjectId, reason: 'The person asked to be forgotten', erasedAt, streams: [...streams].sort() },
  } satisfies PersonalDataErased,
});

/** The log as it reads once the subject's key is gone: every personal field of theirs is "[erased]". */
export const readAsErased = (entries: readonly LogEntry[], subjectId: string): LogEntry[] =>
  entries.map((entry) => {
    const spec = personalDataOf(entry.event.type, entry.event.version);
    if (!spec || subjectOf(spec, entry.event.data) !== subjectId) return entry;
    return { ...entry, event: { ...entry.event, data: erasePersonalData(spec, entry.event.data) } };
  });
