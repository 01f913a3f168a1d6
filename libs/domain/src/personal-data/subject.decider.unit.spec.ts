import { DomainError } from '../shared';
import { decideGiven } from '../shared/given-when-then';
import { PersonalDataErased } from './personal-data.events';
import { ErasePersonalData } from './subject.commands';
import { subjectDecider } from './subject.decider';

const AT = '2025-06-01T09:00:00.000Z';
const erase = (data: Partial<ErasePersonalData['data']> = {}): ErasePersonalData => ({
  type: 'ErasePersonalData',
  data: { subjectId: 's-1', reason: 'request #17', erasedAt: AT, streams: ['lead-s-1'], ...data },
  context: { occurredAt: AT, now: AT, actor: 'admin-1' },
});
const erased: PersonalDataErased = { type: 'PersonalDataErased', version: 1, data: { subjectId: 's-1', reason: 'request #17', erasedAt: AT, streams: ['lead-s-1'] } };

describe('subjectDecider', () => {
  it('records the erasure with its reason, time and the streams (sorted, once each)', () => {
    expect(decideGiven(subjectDecider, [], erase({ streams: ['lead-s-1', 'complaint-c-9', 'lead-s-1', 'customer-s-1'] }))).toEqual([
      { type: 'PersonalDataErased', version: 1, data: { subjectId: 's-1', reason: 'request #17', erasedAt: AT, streams: ['complaint-c-9', 'customer-s-1', 'lead-s-1'] } },
    ]);
  });

  it('erasing again records nothing: the first erasure stands', () => {
    expect(decideGiven(subjectDecider, [erased], erase({ reason: 'again', erasedAt: '2025-07-01T00:00:00.000Z' }))).toEqual([]);
  });

  it('refuses an erasure without a reason', () => {
    const decision = decideGiven(subjectDecider, [], erase({ reason: '  ' }));
    expect(decision).toBeInstanceOf(DomainError);
    expect((decision as DomainError).code).toBe('REASON_REQUIRED');
  });

  it('the state keeps the first erasure', () => {
    const later: PersonalDataErased = { ...erased, data: { ...erased.data, reason: 'later' } };
    expect([erased, later].reduce(subjectDecider.evolve, subjectDecider.initialState)).toEqual({ erased: erased.data });
  });
});
