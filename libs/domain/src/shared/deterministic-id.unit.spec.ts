import { deterministicUuid } from './deterministic-id';

describe('deterministicUuid', () => {
  it('gives the same UUID for the same parts and a different one otherwise', () => {
    expect(deterministicUuid('a', 'b')).toBe(deterministicUuid('a', 'b'));
    expect(deterministicUuid('a', 'b')).not.toBe(deterministicUuid('ab'));
    expect(deterministicUuid('a', 'b')).not.toBe(deterministicUuid('b', 'a'));
  });

  it('is a well-formed version 8 UUID', () => {
    expect(deterministicUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
