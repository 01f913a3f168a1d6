import { DocumentMirror } from './document-mirror';

type Doc = { _id: string; n: number };
const source = async function* (docs: Doc[]) {
  yield* docs;
};

describe('DocumentMirror', () => {
  it('is not loaded until loaded, then answers the documents in id order as they are written and deleted', async () => {
    const mirror = new DocumentMirror<Doc>();
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
    const mirror = new DocumentMirror<Doc>();
    await mirror.load(source([{ _id: 'a', n: 1 }]));
    const before = mirror.all();
    mirror.apply([{ collection: 'c', id: 'b', doc: { _id: 'b', n: 1 } }]);
    expect(before).toEqual([{ _id: 'a', n: 1 }]);
    expect(mirror.all()).toHaveLength(2);
  });

  it('is unusable after invalidate until loaded again', async () => {
    const mirror = new DocumentMirror<Doc>();
    await mirror.load(source([{ _id: 'a', n: 1 }]));
    mirror.invalidate();
    expect(mirror.loaded).toBe(false);
    expect(mirror.all()).toEqual([]);
    await mirror.load(source([{ _id: 'z', n: 1 }]));
    expect(mirror.all()).toEqual([{ _id: 'z', n: 1 }]);
  });
});
