import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { readSheet } from 'read-excel-file/node';
import { CliError } from '../cli-command';
import { Cell, cellText } from './cell-values';
import { ImportMapping } from './import-mapping';
import { SourceRow } from './row-mapper';

/** The rows of a CSV or XLSX file after its header row, and how far reading has come. */
export interface RowSource {
  readonly header: readonly string[];
  rows(): AsyncIterable<SourceRow>;
  /**
   * For the progress bar: the rows after the header in all, blank ones included (known for XLSX;
   * counted beside the import for CSV, undefined until then), and the blank rows passed so far (they
   * are skipped, so they count as done).
   */
  progress(): { readonly total?: number; readonly blank: number };
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * The records of a CSV file, as the parser will read them: line breaks outside quoted fields, plus a
 * last line without one. Bytes, not characters: a quote and a line break are the same single byte in
 * UTF-8 and in GB18030, and never part of another character there.
 */
export const csvRecordCounter = () => {
  let records = 0;
  let quoted = false;
  let lineHasContent = false;
  return {
    add(chunk: Uint8Array): void {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === QUOTE) quoted = !quoted;
        if (byte === NEWLINE && !quoted) {
          records++;
          lineHasContent = false;
        } else {
          lineHasContent = true;
        }
      }
    },
    records: (): number => records + (lineHasContent ? 1 : 0),
  };
};

/** Cells by column name; the first column of a name wins (`checkColumns` refuses a mapping that reads a repeated one). */
const rowOf = (number: number, values: readonly Cell[], index: ReadonlyMap<string, number>): SourceRow => ({
  number,
  cell: (column) => {
    const i = index.get(column);
    return i === undefined ? undefined : values[i];
  },
});

const indexOf = (header: readonly string[]): Map<string, number> => {
  const index = new Map<string, number>();
  header.forEach((name, i) => name && !index.has(name) && index.set(name, i));
  return index;
};

const isBlankRow = (values: readonly Cell[]): boolean => values.every((value) => cellText(value) === '');

/** Decodes the bytes, refusing what is not valid in the encoding (a GB18030 file read as UTF-8 would be garbled silently). */
const decoder = (encoding: string, file: string): Transform => {
  const text = new TextDecoder(encoding, { fatal: true });
  const fail = () => new CliError(`${file} is not valid ${encoding} text; set "encoding" in the mapping (Excel on Chinese Windows saves CSV as "gb18030")`);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, text.decode(chunk, { stream: true }));
      } catch {
        done(fail());
      }
    },
    flush(done) {
      try {
        done(null, text.decode());
      } catch {
        done(fail());
      }
    },
  });
};

/** Files people keep in a spreadsheet are counted at once (milliseconds); larger ones in a second read beside the import. */
const COUNT_AT_ONCE_BYTES = 32 * 1024 * 1024;

/** CSV is streamed: only the row at hand is in memory, whatever the size of the file. */
const openCsv = async (file: string, mapping: ImportMapping): Promise<RowSource> => {
  const input = createReadStream(file);
  const parser = parse({ bom: true, delimiter: mapping.delimiter, relax_column_count: true, skip_empty_lines: false });
  pipeline(input, decoder(mapping.encoding, file), parser, () => undefined);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let number = 0;
  let header: string[] = [];
  while (number < mapping.headerRow) {
    const next = await records.next().catch(csvError(file));
    if (next.done) {
      input.destroy();
      throw new CliError(`${file} has no row ${mapping.headerRow} (the header row)`);
    }
    number++;
    header = (next.value as string[]).map((name) => name.trim());
  }
  const index = indexOf(header);
  // Rows counted, not the share of bytes read: the file is read ahead of the rows being imported (a
  // 1 MB file is read whole while the first rows are still being written).
  let total: number | undefined;
  const headerRows = number;
  const counted = (records: number) => (total = Math.max(0, records - headerRows));
  const counter = csvRecordCounter();
  if (statSync(file).size <= COUNT_AT_ONCE_BYTES) {
    counter.add(readFileSync(file));
    counted(counter.records());
  } else {
    (async () => {
      for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) counter.add(chunk);
      counted(counter.records());
      // Deliberately ignored: a second read of the file for the count only; without a total the progress
      // shows a plain count, and the import's own read of the file reports any read error.
    })().catch(() => undefined);
  }
  let blank = 0;
  return {
    header,
    progress: () => ({ total, blank }),
    async *rows() {
      try {
        for (;;) {
          const next = await records.next().catch(csvError(file));
          if (next.done) return;
          number++;
          if (isBlankRow(next.value)) blank++;
          else yield rowOf(number, next.value, index);
        }
      } finally {
        input.destroy();
      }
    },
  };
};

const csvError = (file: string) => (error: unknown): never => {
  if (error instanceof CliError) throw error;
  throw new CliError(`${file}: ${(error as Error).message.split('\n')[0]}`);
};

/** XLSX is read whole (the format is a zip): fine for the spreadsheets people keep. */
const openXlsx = async (file: string, mapping: ImportMapping): Promise<RowSource> => {
  let data: Cell[][];
  try {
    data = (await readSheet(file, mapping.sheet ?? 1)) as unknown as Cell[][];
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data.length < mapping.headerRow) throw new CliError(`${file} has no row ${mapping.headerRow} (the header row)`);
  const header = data[mapping.headerRow - 1].map((name) => cellText(name));
  const index = indexOf(header);
  let blank = 0;
  const total = data.length - mapping.headerRow;
  return {
    header,
    progress: () => ({ total, blank }),
    async *rows() {
      for (let i = mapping.headerRow; i < data.length; i++) {
        if (isBlankRow(data[i])) blank++;
        else yield rowOf(i + 1, data[i], index);
      }
    },
  };
};

export const ROW_FILE_TYPES = ['.csv', '.xlsx'];

export const openRowSource = async (file: string, mapping: ImportMapping): Promise<RowSource> => {
  const extension = extname(file).toLowerCase();
  try {
    statSync(file);
  } catch {
    throw new CliError(`${file}: no such file`);
  }
  if (extension === '.csv') return openCsv(file, mapping);
  if (extension === '.xlsx') return openXlsx(file, mapping);
  throw new CliError(`${file}: import reads ${ROW_FILE_TYPES.join(' and ')} files (an .xls must be saved as .xlsx first)`);
};

/** Every column the mapping reads must be in the header, once. */
export const checkColumns = (header: readonly string[], columns: Iterable<string>, file: string): void => {
  const missing = [...columns].filter((column) => !header.includes(column));
  const repeated = [...columns].filter((column) => header.indexOf(column) !== header.lastIndexOf(column));
  const problems = [
    ...(missing.length ? [`the mapping reads column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} that the file does not have (its columns: ${header.filter(Boolean).join(', ')})`] : []),
    ...(repeated.length ? [`column${repeated.length > 1 ? 's' : ''} ${repeated.map((c) => `"${c}"`).join(', ')} appear more than once in the header`] : []),
  ];
  if (problems.length) throw new CliError(`${file}: ${problems.join('; ')}`);
};
