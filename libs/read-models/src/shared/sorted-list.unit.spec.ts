import fc from 'fast-check';
import { SortedList } from './sorted-list';

const byNumber = (a: number, b: number) => a - b;

describe('SortedList', () => {
  it('holds what was inserted less what was removed, in order, across many buckets', () => {
    fc.assert(
      fc.property(
        // Few distinct values, so duplicates span buckets; thousands of operations, so buckets split and empty.
        // Runs of insertions longer than a few are sorted and merged in one pass when the list is next read.
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 3_000 }),
        fc.array(fc.record({ insert: fc.boolean(), value: fc.integer({ min: 0, max: 300 }) }), { minLength: 500, maxLength: 4_000 }),
        (bulk, operations) => {
          const list = new SortedList<number>(byNumber);
          const model: number[] = [];
          for (const value of bulk) list.insert(value);
          model.push(...bulk);
          for (const { insert, value } of operations) {
            if (insert) {
              list.insert(value);
              model.push(value);
            } else {
              const at = model.indexOf(value);
              expect(list.remove(value)).toBe(at >= 0);
              if (at >= 0) model.splice(at, 1);
            }
          }
          // And merged into a list that holds values already.
          for (const value of bulk) list.insert(value);
          model.push(...bulk);
          model.sort(byNumber);
          expect(list.size).toBe(model.length);
          expect(list.toArray()).toEqual(model);
          expect(list.map((value) => value * 2)).toEqual(model.map((value) => value * 2));
          expect(list.last()).toBe(model[model.length - 1]);
          for (const index of [0, Math.floor(model.length / 2), model.length - 1, model.length]) expect(list.at(index)).toBe(model[index]);
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it('keeps ids in code-unit order when they arrive in order and out of it', () => {
    const list = new SortedList<string>((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const ids = Array.from({ length: 3_000 }, (_, i) => `lead-${String(i).padStart(5, '0')}`);
    for (const id of ids) list.insert(id);
    list.insert('lead-00000a');
    expect(list.remove('lead-00001')).toBe(true);
    expect(list.remove('lead-missing')).toBe(false);
    expect(list.toArray()).toEqual(['lead-00000', 'lead-00000a', ...ids.slice(2)]);
  });
});
