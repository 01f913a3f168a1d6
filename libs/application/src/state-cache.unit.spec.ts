import { LoadedState, StateCache } from './state-cache';

const entry = (revision: number, state: unknown = { revision }): LoadedState => ({
  state,
  revision,
  position: 100 + revision,
  eventIds: Array.from({ length: revision + 1 }, (_, i) => `e-${i}`),
});

describe('StateCache', () => {
  it('holds at most its budget of event ids, the least recently used going first', () => {
    const cache = new StateCache(7);
    cache.set('a', entry(2));
    cache.set('b', entry(2));
    cache.get('a'); // a is now more recent than b
    cache.set('c', entry(2));
    expect([cache.get('a')?.revision, cache.get('b'), cache.get('c')?.revision]).toEqual([2, undefined, 2]);
    expect(cache.size).toEqual({ streams: 2, eventIds: 6 });
  });

  it('never moves a stream back to an earlier revision', () => {
    const cache = new StateCache(100);
    cache.set('a', entry(5));
    cache.set('a', entry(3));
    expect(cache.get('a')?.revision).toBe(5);
    cache.set('a', entry(6));
    expect(cache.get('a')?.revision).toBe(6);
    expect(cache.size).toEqual({ streams: 1, eventIds: 7 });
  });

  it('keeps nothing larger than its budget, nothing for a stream that does not exist, and nothing at all with a budget of 0', () => {
    const cache = new StateCache(3);
    cache.set('long', entry(3));
    cache.set('absent', { state: {}, revision: -1, position: 0, eventIds: [] });
    expect([cache.get('long'), cache.get('absent')]).toEqual([undefined, undefined]);
    const off = new StateCache(0);
    off.set('a', entry(0));
    expect(off.get('a')).toBeUndefined();
  });

  it('freezes what it keeps, deeply: a decider that changed a cached state fails loudly instead of changing later commands', () => {
    const cache = new StateCache(10);
    cache.set('a', entry(1, { owner: { id: 'rep-1' }, stages: ['D'] }));
    const state = cache.get('a')!.state as { owner: { id: string }; stages: string[] };
    expect(() => {
      state.owner.id = 'rep-2';
    }).toThrow(TypeError);
    expect(() => state.stages.push('C')).toThrow(TypeError);
    expect(state).toEqual({ owner: { id: 'rep-1' }, stages: ['D'] });
  });

  it('forgets a stream on request', () => {
    const cache = new StateCache(10);
    cache.set('a', entry(1));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toEqual({ streams: 0, eventIds: 0 });
  });
});
