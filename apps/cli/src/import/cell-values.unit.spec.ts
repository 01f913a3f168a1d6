import { CellError, cellText, dateFormatProblem, parseUtcOffset, toBoolean, toDate, toDateTime, toInteger, toList, toNumber, DEFAULT_DATE_FORMATS } from './cell-values';

const SHANGHAI = 8 * 60;

describe('cell values', () => {
  it('reads dates in the usual spreadsheet formats, refusing impossible ones', () => {
    expect(toDate('2025/3/4', DEFAULT_DATE_FORMATS)).toBe('2025-03-04');
    expect(toDate('2025-03-04', DEFAULT_DATE_FORMATS)).toBe('2025-03-04');
    expect(toDate('2025年12月31日', DEFAULT_DATE_FORMATS)).toBe('2025-12-31');
    expect(toDate('2024/2/29', ['YYYY/M/D'])).toBe('2024-02-29');
    expect(() => toDate('2025/2/29', ['YYYY/M/D'])).toThrow('"2025/2/29" is not a real date');
    expect(() => toDate('2025/13/1', ['YYYY/M/D'])).toThrow(CellError);
    expect(() => toDate('4 March 2025', ['YYYY/M/D'])).toThrow('"4 March 2025" matches none of the date formats YYYY/M/D');
    expect(toDate('04.03.2025', ['DD.MM.YYYY'])).toBe('2025-03-04');
  });

  it('reads a time without a zone at the mapping offset; one with a zone as it is', () => {
    expect(toDateTime('2025/3/5 10:30', DEFAULT_DATE_FORMATS, SHANGHAI)).toBe('2025-03-05T02:30:00.000Z');
    expect(toDateTime('2025/3/5', DEFAULT_DATE_FORMATS, SHANGHAI)).toBe('2025-03-04T16:00:00.000Z');
    expect(toDateTime('2025/3/5', DEFAULT_DATE_FORMATS, 0)).toBe('2025-03-05T00:00:00.000Z');
    expect(toDateTime('2025-03-05 10:30:15', DEFAULT_DATE_FORMATS, -300)).toBe('2025-03-05T15:30:15.000Z');
    expect(toDateTime('2025-03-05T10:30:00+08:00', [], 0)).toBe('2025-03-05T02:30:00.000Z');
    expect(toDate('2025-03-05T01:00:00+08:00', [])).toBe('2025-03-05');
    expect(() => toDateTime('2025/3/5 25:00', DEFAULT_DATE_FORMATS, 0)).toThrow('is not a real date');
  });

  it('reads XLSX date cells (wall-clock time in UTC fields, float noise rounded) and Excel serial numbers', () => {
    const nineThirty = new Date(Date.UTC(2024, 3, 1, 9, 29, 59, 999));
    expect(toDateTime(nineThirty, [], SHANGHAI)).toBe('2024-04-01T01:30:00.000Z');
    expect(toDate(new Date(Date.UTC(2024, 2, 31, 23, 59, 59, 999)), [])).toBe('2024-04-01');
    expect(toDate(45383, [])).toBe('2024-04-01');
    expect(toDateTime(45383.5, [], 0)).toBe('2024-04-01T12:00:00.000Z');
    expect(() => toDate(-3, [])).toThrow('-3 is not a date');
  });

  it('reads numbers as people type them', () => {
    expect(toNumber('50,000')).toBe(50000);
    expect(toNumber(' ¥1,200.50 ')).toBe(1200.5);
    expect(toNumber(12.5)).toBe(12.5);
    expect(() => toNumber('约50人')).toThrow('"约50人" is not a number');
    expect(() => toNumber('1.2.3')).toThrow(CellError);
    expect(toInteger('35')).toBe(35);
    expect(() => toInteger('3.5')).toThrow('"3.5" is not a whole number');
  });

  it('reads yes and no in English and Chinese', () => {
    expect(['是', 'Yes', 'TRUE', '1', '√'].map(toBoolean)).toEqual([true, true, true, true, true]);
    expect(['否', 'no', 'false', '0', '×'].map(toBoolean)).toEqual([false, false, false, false, false]);
    expect(toBoolean(true)).toBe(true);
    expect(() => toBoolean('maybe')).toThrow('"maybe" is not yes or no');
  });

  it('splits lists on ASCII and full-width separators, or on the ones given', () => {
    expect(toList('138 0013 8000；139 1111 2222, 0571-1')).toEqual(['138 0013 8000', '139 1111 2222', '0571-1']);
    expect(toList('CRM套件、移动端')).toEqual(['CRM套件', '移动端']);
    expect(toList('a|b-c', '|')).toEqual(['a', 'b-c']);
    expect(toList('a-b', '-')).toEqual(['a', 'b']);
    expect(toList(' ')).toEqual([]);
  });

  it('shows cells as trimmed text', () => {
    expect([cellText(null), cellText(undefined), cellText('  x '), cellText(13800138000), cellText(false)]).toEqual(['', '', 'x', '13800138000', 'false']);
    expect(cellText(new Date(Date.UTC(2025, 0, 2)))).toBe('2025-01-02T00:00:00Z');
  });

  it('checks offsets and formats', () => {
    expect([parseUtcOffset('+08:00'), parseUtcOffset('-05:30'), parseUtcOffset('Z'), parseUtcOffset('Asia/Shanghai'), parseUtcOffset('+8')]).toEqual([480, -330, 0, undefined, undefined]);
    expect(dateFormatProblem('YYYY/M/D H:mm')).toBeUndefined();
    expect(dateFormatProblem('M/D')).toBe('date format "M/D" needs YYYY, M (or MM) and D (or DD)');
  });
});
