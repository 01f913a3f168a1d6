import { PersonalDataErasedData, erasePersonalData, personalDataOf } from '@app/domain/personal-data';
import { RecordedEvent, StreamCategory, parseStreamName } from '@app/domain/shared';

/**
 * Erasure in the read models. Erasing a person deletes their key, so from then on every personal
 * field of their events reads "[erased]"; `PersonalDataErased` (on `subject-<id>`) names the streams
 * that held their data. A projection reading it replaces the personal fields of those records'
 * documents the same way, at once: the scrubbed document then equals what a rebuild from the erased
 * log makes, and the business facts (stages, amounts, dates) stay, so reports still add up.
 */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

export const erasureOf = (event: RecordedEvent): PersonalDataErasedData => event.data as PersonalDataErasedData;

/** The ids of the `category` records an erasure names (its streams `<category>-<id>`). */
export const erasedRecordIds = (event: RecordedEvent, category: StreamCategory): string[] =>
  erasureOf(event)
    .streams.map(parseStreamName)
    .filter((stream) => stream.category === category)
    .map((stream) => stream.id);

/**
 * `value` with the fields the personal-data catalogue names for the event `type@version` (whose data
 * `value` copies) replaced by the erased marker, item by item in lists, exactly as they read from
 * the erased log. The catalogue stays the one list of what is personal.
 */
export const withPersonalDataErased = <T>(type: string, version: number, value: T): T => {
  const spec = personalDataOf(type, version);
  if (!spec) throw new Error(`${type} v${version} holds no personal data`);
  return erasePersonalData(spec, value);
};
