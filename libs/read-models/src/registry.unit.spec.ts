import { LEAD_EVENT_TYPES } from '@app/domain/lead';
import { CUSTOMER_EVENT_TYPES } from '@app/domain/customer';
import { COMPLAINT_EVENT_TYPES } from '@app/domain/complaint';
import { SUBJECT_EVENT_TYPES } from '@app/domain/personal-data';
import { PROJECTIONS } from './registry';

describe('PROJECTIONS', () => {
  it('has unique names and reads only event types the domain writes', () => {
    const names = PROJECTIONS.map((projection) => projection.name);
    expect(names).toEqual(['pipeline', 'customers', 'complaints', 'activity', 'referrals']);
    const known = new Set<string>([...LEAD_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES, ...COMPLAINT_EVENT_TYPES, ...SUBJECT_EVENT_TYPES]);
    for (const projection of PROJECTIONS) {
      expect(projection.eventTypes.filter((type) => !known.has(type))).toEqual([]);
      expect(projection.indexes.length).toBeGreaterThan(0);
    }
  });
});
