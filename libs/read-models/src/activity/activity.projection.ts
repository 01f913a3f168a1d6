import { ACTIVITY_TYPES, ActivityType, LeadActivityLogged } from '@app/domain/lead';
import { RecordedEvent } from '@app/domain/shared';
import { Projection, ReadModelDoc } from '@app/projection-engine';
import { businessTime, narrow } from '../shared/read-model.helpers';
import { dayOf, isoWeekOf } from '../shared/statistics';

export type ActivityCounts = Readonly<Record<ActivityType, number>>;

/** What one rep did on one (UTC) day: calls, visits... (DOMAIN §4: calls and visits per rep per day). */
export interface ActivityDoc extends ReadModelDoc {
  /** The actor who logged the activities. */
  readonly repId: string;
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  /** ISO week of the day, `YYYY-Www`. */
  readonly week: string;
  readonly counts: ActivityCounts;
  readonly total: number;
}

export const NO_ACTIVITIES: ActivityCounts = Object.fromEntries(ACTIVITY_TYPES.map((type) => [type, 0])) as Record<ActivityType, number>;

/** The document an activity counts in: who logged it (actor), on the day it happened (business time). */
export const activityDocId = (repId: string, day: string): string => `${repId}|${day}`;

const evolve = (doc: ActivityDoc | null, recorded: RecordedEvent, id: string): ActivityDoc | null => {
  const event = narrow<LeadActivityLogged>(recorded);
  const { activityType } = event.data;
  const at = businessTime(event);
  const current: ActivityDoc = doc ?? {
    _id: id,
    _position: event.position,
    repId: event.metadata.actor,
    day: dayOf(at),
    week: isoWeekOf(at),
    counts: NO_ACTIVITIES,
    total: 0,
  };
  return { ...current, counts: { ...current.counts, [activityType]: current.counts[activityType] + 1 }, total: current.total + 1 };
};

export const activityProjection: Projection<ActivityDoc> = {
  name: 'activity',
  version: 1,
  indexes: [
    { fields: [{ field: 'repId' }, { field: 'day' }] },
    { fields: [{ field: 'day' }] },
    { fields: [{ field: 'week' }, { field: 'repId' }] },
  ],
  eventTypes: ['LeadActivityLogged'],
  keys: (event) => [activityDocId(event.metadata.actor, dayOf(businessTime(event)))],
  evolve,
};
