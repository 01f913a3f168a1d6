import { parse } from 'csv-parse/sync';
import { csvField, csvRecord, csvTable } from './csv';

describe('csv', () => {
  it('quotes only what needs it, doubles quotes, and parses back to the same values', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '', ' padded ', '杭州,绿源', '=1+1'];
    expect(values.map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\r\nlf"', '', ' padded ', '"杭州,绿源"', '=1+1']);
    expect(parse(csvRecord(values) + csvRecord(values))).toEqual([values, values]);
  });

  it('writes numbers and booleans as text, null and undefined as empty, objects as JSON', () => {
    expect(csvRecord([1, 2.5, true, null, undefined, { a: 'x,y' }, ['p']])).toBe('1,2.5,true,,,"{""a"":""x,y""}","[""p""]"\r\n');
  });

  it('makes a table of an array of flat objects: every key a column, in the order first seen', () => {
    expect(csvTable([{ month: '2026-01', won: 1 }, { month: '2026-02', lost: 2, note: 'a,b' }])).toBe('month,won,lost,note\r\n2026-01,1,,\r\n2026-02,,2,"a,b"\r\n');
    expect(csvTable([])).toBe('\r\n');
  });

  it('refuses what is not an array of flat objects', () => {
    for (const value of [{ a: 1 }, [1, 2], [{ a: { b: 1 } }], [{ a: [1] }], null, 'text', [null]]) expect(csvTable(value)).toBeUndefined();
  });
});
