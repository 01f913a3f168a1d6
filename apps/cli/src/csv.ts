/**
 * CSV as RFC 4180 writes it: a field holding a comma, a double quote or a line break is quoted, with
 * its quotes doubled; records end in CRLF. Objects and arrays are written as JSON text. Cells are
 * written as they are (no `'` before a leading `=`): the files are data for tools, not formulas.
 */
export const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvRecord = (values: readonly unknown[]): string => `${values.map(csvField).join(',')}\r\n`;

const isFlatValue = (value: unknown): boolean => value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * A table from an array of flat objects (every value a string, number, boolean or null): the columns
 * are every key, in the order first seen. Undefined when `rows` is not such an array.
 */
export const csvTable = (rows: unknown): string | undefined => {
  if (!Array.isArray(rows)) return undefined;
  const columns = new Set<string>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return undefined;
    for (const [key, value] of Object.entries(row)) {
      if (!isFlatValue(value)) return undefined;
      columns.add(key);
    }
  }
  const header = [...columns];
  return [csvRecord(header), ...rows.map((row: Record<string, unknown>) => csvRecord(header.map((column) => row[column])))].join('');
};
