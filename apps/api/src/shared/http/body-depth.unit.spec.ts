import { tooDeep } from './body-depth';

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('tooDeep', () => {
  it('accepts a body exactly at the limit and names the top-level field of one past it', () => {
    expect(tooDeep({ notes: nested(3) }, 4)).toBeUndefined();
    expect(tooDeep({ ok: 1, notes: nested(4) }, 4)).toBe('notes');
    expect(tooDeep({ items: [[[[1]]]] }, 4)).toBe('items');
  });

  it('names the body itself when it is a list, and ignores scalars', () => {
    expect(tooDeep([[[[[]]]]], 4)).toBe('body');
    for (const value of [null, 1, 'x', true, undefined]) expect(tooDeep(value, 0)).toBeUndefined();
  });

  it('walks a million levels without exhausting the stack', () => {
    expect(tooDeep({ deep: nested(1_000_000) }, 32)).toBe('deep');
  });
});
