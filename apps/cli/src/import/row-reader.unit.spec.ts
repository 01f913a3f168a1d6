import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvRecordCounter } from './row-reader';

/** What the import's progress bar counts against: the records the CSV parser will read. */
const count = (...chunks: (string | Buffer)[]): number => {
  const counter = csvRecordCounter();
  for (const chunk of chunks) counter.add(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return counter.records();
};

describe('csvRecordCounter', () => {
  it('counts records as the parser reads them: line breaks in quoted cells, blank lines, with or without a last line break', () => {
    const text = 'id,note\r\n1,"two\nlines"\r\n\r\n2,"a ""quoted"" word"\r\n3,last';
    expect(count(text)).toBe(parse(text, { relax_column_count: true, skip_empty_lines: false }).length);
    expect(count(text)).toBe(5);
    expect(count(`${text}\r\n`)).toBe(5);
    expect(count('')).toBe(0);
  });

  it('gives the same count whatever the chunks, across a quoted line break', () => {
    const text = 'a,b\n1,"x\ny"\n2,z\n';
    for (let cut = 0; cut <= text.length; cut++) expect(count(text.slice(0, cut), text.slice(cut))).toBe(3);
  });

  it('counts GB18030 files by their bytes, as Excel on Chinese Windows saves them', () => {
    // 名称 and 公司 in GB18030: no byte of theirs is a quote or a line break.
    const gb = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0xb9, 0xab, 0xcb, 0xbe, 0x0a]);
    expect(count(gb)).toBe(2);
  });

  it('agrees with the parser on the example spreadsheets', () => {
    for (const name of ['leads.csv', 'customers.csv']) {
      const bytes = readFileSync(resolve(__dirname, '../../../../examples', name));
      expect({ name, records: count(bytes) }).toEqual({ name, records: parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false }).length });
    }
  });
});
