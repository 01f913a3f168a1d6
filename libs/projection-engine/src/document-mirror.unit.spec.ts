import { DocumentMirror } from './document-mirror';

type Doc = { _id: string; n: number };
const source = async function* (docs: Doc[]) {
  yield* docs;
};
/** An index failure these specs do not expect fails them. */
const mirrorOf = () =>
  new DocumentMirror<Doc>({
    onIndexError: (error) => {
      throw error;
    },
  });

describe('DocumentMirror', () => {
  it('is not loaded until loaded, then answers the documents in id order as they are written and deleted', async () => {
    const mirror = mirrorOf();
    expect(mirror.loaded).toBe(false);
    mirror.apply([{ collection: 'c', id: 'b', doc: { _id: 'b', n: 0 } }]);
    await mirror.load(source([{ _id: 'b', n: 1 }, { _id: 'd', n: 1 }]));
    expect(mirror.loaded).toBe(true);

    mirror.apply([
      { collection: 'c', id: 'c', doc: { _id: 'c', n: 2 } },
      { collection: 'c', id: 'a', doc: { _id: 'a', n: 2 } },
      { collection: 'c', id: 'd', doc: { _id: 'd', n: 2 } },
      { collection: 'c', id: 'b', doc: null },
      { collection: 'c', id: 'x', doc: null },
      { collection: 'c', id: 'e', doc: { _id: 'e', n: 2 } },
    ]);
    expect(mirror.all()).toEqual([
      { _id: 'a', n: 2 },
      { _id: 'c', n: 2 },
      { _id: 'd', n: 2 },
      { _id: 'e', n: 2 },
    ]);
  });

  it('hands out snapshots: later writes do not change an array already given', async () => {
    const mirror = mirrorOf();
    await mirror.load(source([{ _id: 'a', n: 1 }]));
    const before = mirror.all();
    mirror.apply([{ collection: 'c', id: 'b', doc: { _id: 'b', n: 1 } }]);
    expect(before).toEqual([{ _id: 'a', n: 1 }]);
    expect(mirror.all()).toHaveLength(2);
  });

  it('is unusable after invalidate until loaded again', async () => {
    const mirror = mirrorOf();
    await mirror.load(source([{ _id: 'a', n: 1 }]));
    mirror.invalidate();
    expect(mirror.loaded).toBe(false);
    expect(mirror.all()).toEqual([]);
    await mirror.load(source([{ _id: 'z', n: 1 }]));
    expect(mirror.all()).toEqual([{ _id: 'z', n: 1 }]);
  });

  it('keeps an index built on first use up to date: each write is told with the document it replaces', async () => {
    const mirror = mirrorOf();
    const changes: [number | null, number | null][] = [];
    const build = (docs: readonly Doc[]) => {
      const sums = { total: docs.reduce((sum, doc) => sum + doc.n, 0) };
      return { sums, change: (before: Doc | null, after: Doc | null) => (changes.push([before?.n ?? null, after?.n ?? null]), (sums.total += (after?.n ?? 0) - (before?.n ?? 0))) };
    };
    expect(mirror.indexed(build)).toBeUndefined();
    await mirror.load(source([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]));
    const index = mirror.indexed(build)!;
    expect(index.sums.total).toBe(3);
    expect(mirror.indexed(build)).toBe(index);
    mirror.apply([
      { collection: 'c', id: 'b', doc: { _id: 'b', n: 20 } },
      { collection: 'c', id: 'c', doc: { _id: 'c', n: 30 } },
      { collection: 'c', id: 'c', doc: { _id: 'c', n: 300 } },
      { collection: 'c', id: 'a', doc: null },
      { collection: 'c', id: 'a', doc: { _id: 'a', n: 100 } },
      { collection: 'c', id: 'x', doc: null },
    ]);
    expect(changes).toEqual([
      [2, 20],
      [null, 30],
      [30, 300],
      [1, null],
      [null, 100],
    ]);
    expect(index.sums.total).toBe(mirror.all().reduce((sum, doc) => sum + doc.n, 0));
    mirror.invalidate();
    expect(mirror.indexed(build)).toBeUndefined();
    await mirror.load(source([{ _id: 'z', n: 5 }]));
    expect(mirror.indexed(build)!.sums.total).toBe(5);
  });

  it('reports an index that fails on a change, drops it (built again on next use) and still applies the write', async () => {
    const reported: unknown[] = [];
    const mirror = new DocumentMirror<Doc>({ onIndexError: (error) => reported.push(error) });
    await mirror.load(source([{ _id: 'a', n: 1 }]));
    let builds = 0;
    const build = () => {
      builds++;
      return {
        change: () => {
          throw new Error('broken');
        },
      };
    };
    const first = mirror.indexed(build);
    mirror.apply([{ collection: 'c', id: 'b', doc: { _id: 'b', n: 2 } }]);
    expect(mirror.all()).toHaveLength(2);
    expect(reported).toEqual([new Error('broken')]);
    expect(mirror.indexed(build)).not.toBe(first);
    expect(builds).toBe(2);
  });

  it('lets an index builder that fails reach the reader that asked for it, keeping nothing', async () => {
    const mirror = mirrorOf();
    await mirror.load(source([{ _id: 'a', n: 1 }]));
    const failing = () => {
      throw new Error('cannot build');
    };
    expect(() => mirror.indexed(failing)).toThrow('cannot build');
    expect(() => mirror.indexed(failing)).toThrow('cannot build');
    mirror.apply([{ collection: 'c', id: 'b', doc: { _id: 'b', n: 2 } }]);
    expect(mirror.all()).toHaveLength(2);
  });
});
