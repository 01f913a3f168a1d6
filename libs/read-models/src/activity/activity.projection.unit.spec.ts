import { ActivityDoc, NO_ACTIVITIES, activityProjection } from './activity.projection';
import { project } from '@app/projection-engine';
import { recordLog, redelivered } from '../testing/event-log';
import { activityLogged, leadCaptured, onLead } from '../testing/lead-events';

// Rep Wang's Monday and Tuesday, and rep Li's Monday; a capture is not an activity.
const log = recordLog([
  onLead(leadCaptured('lead-1', '2024-03-04T01:00:00.000Z'), 'rep-wang'),
  onLead(activityLogged('lead-1', 'act-1', 'call', '2024-03-04T01:30:00.000Z'), 'rep-wang'),
  onLead(activityLogged('lead-2', 'act-2', 'call', '2024-03-04T03:00:00.000Z'), 'rep-wang'),
  onLead(activityLogged('lead-3', 'act-3', 'visit', '2024-03-04T06:00:00.000Z'), 'rep-wang'),
  onLead(activityLogged('lead-3', 'act-4', 'demo', '2024-03-04T07:00:00.000Z'), 'rep-li'),
  // Given with a +08:00 offset: 2024-03-05 07:30 in Shanghai is still 4 March in UTC.
  onLead(activityLogged('lead-4', 'act-5', 'visit', '2024-03-05T07:30:00.000+08:00'), 'rep-wang'),
  onLead(activityLogged('lead-4', 'act-6', 'email', '2024-03-05T09:00:00.000Z'), 'rep-wang'),
  // Logged on Tuesday about Sunday: it counts on Sunday, in the previous ISO week.
  onLead(activityLogged('lead-5', 'act-7', 'store_visit', '2024-03-03T10:00:00.000Z'), 'rep-wang'),
]);

describe('activity projection', () => {
  const docs = project(activityProjection, log);

  it('counts activities per rep per UTC day of the activity, by type', () => {
    expect([...docs.keys()].sort()).toEqual(['rep-li|2024-03-04', 'rep-wang|2024-03-03', 'rep-wang|2024-03-04', 'rep-wang|2024-03-05']);
    expect(docs.get('rep-wang|2024-03-04')).toEqual<ActivityDoc>({
      _id: 'rep-wang|2024-03-04',
      _position: 6,
      repId: 'rep-wang',
      day: '2024-03-04',
      week: '2024-W10',
      counts: { ...NO_ACTIVITIES, call: 2, visit: 2 },
      total: 4,
    });
    expect(docs.get('rep-li|2024-03-04')).toMatchObject({ counts: { ...NO_ACTIVITIES, demo: 1 }, total: 1 });
    expect(docs.get('rep-wang|2024-03-03')).toMatchObject({ week: '2024-W09', counts: { ...NO_ACTIVITIES, store_visit: 1 }, total: 1 });
  });

  it('applied twice equals applied once (redelivered events and a replayed batch change nothing)', () => {
    expect(project(activityProjection, redelivered(log))).toEqual(docs);
    expect(docs.get('rep-wang|2024-03-04')!.total).toBe(4);
  });
});
