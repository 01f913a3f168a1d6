/**
 * Cell values as spreadsheets hold them, turned into what a command needs. Pure: a value that cannot
 * be converted throws a CellError whose message is the reason shown in the import report.
 */

/** A cell: CSV gives strings; XLSX also numbers, booleans and dates (a date's wall-clock time in UTC fields). */
export type Cell = string | number | boolean | Date | null | undefined;

export class CellError extends Error {
  override name = 'CellError';
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Excel counts days from 1899-12-30 (its serial date 1 is 1900-01-01, after the 1900 leap-year bug). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

/** XLSX dates are stored as fractions of a day: round to the second so 09:30 does not read as 09:29:59.999. */
const roundToSecond = (ms: number): number => Math.round(ms / 1000) * 1000;

const isoOfDate = (date: Date): string => new Date(roundToSecond(date.getTime())).toISOString().replace(/\.000Z$/, 'Z');

/** The cell as text, trimmed; '' when empty. Dates as ISO, numbers as JavaScript writes them. */
export const cellText = (cell: Cell): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return isoOfDate(cell);
  return String(cell).trim();
};

export const isEmptyCell = (cell: Cell): boolean => cellText(cell) === '';

/** `+08:00`, `-05:30` or `Z` → minutes east of UTC; undefined when malformed. */
export const parseUtcOffset = (text: string): number | undefined => {
  if (text === 'Z' || text === '+00:00' || text === 'UTC') return 0;
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!match || Number(match[2]) > 14 || Number(match[3]) > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
};

const TOKENS = /YYYY|MM|M|DD|D|HH|H|mm|ss/g;
const TOKEN_PATTERN: Readonly<Record<string, string>> = { YYYY: '(\\d{4})', MM: '(\\d{1,2})', M: '(\\d{1,2})', DD: '(\\d{1,2})', D: '(\\d{1,2})', HH: '(\\d{1,2})', H: '(\\d{1,2})', mm: '(\\d{2})', ss: '(\\d{2})' };
const TOKEN_PART: Readonly<Record<string, keyof WallClock>> = { YYYY: 'year', MM: 'month', M: 'month', DD: 'day', D: 'day', HH: 'hour', H: 'hour', mm: 'minute', ss: 'second' };

/** Formats tried when the mapping names none: ISO, and what spreadsheets in China commonly show. */
export const DEFAULT_DATE_FORMATS: readonly string[] = ['YYYY-MM-DD', 'YYYY/M/D', 'YYYY.M.D', 'YYYY年M月D日', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss', 'YYYY/M/D H:mm', 'YYYY/M/D H:mm:ss'];

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const compiledFormats = new Map<string, { regex: RegExp; parts: (keyof WallClock)[] }>();

/** `YYYY/M/D H:mm` → a regular expression; tokens YYYY, M/MM (month), D/DD, H/HH, mm, ss; anything else is literal. */
const compileFormat = (format: string) => {
  let compiled = compiledFormats.get(format);
  if (!compiled) {
    const parts: (keyof WallClock)[] = [];
    let source = '';
    let last = 0;
    for (const match of format.matchAll(TOKENS)) {
      source += format.slice(last, match.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + TOKEN_PATTERN[match[0]];
      parts.push(TOKEN_PART[match[0]]);
      last = match.index + match[0].length;
    }
    source += format.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    compiled = { regex: new RegExp(`^${source}$`), parts };
    compiledFormats.set(format, compiled);
  }
  return compiled;
};

/** Checks a format has at least a year, a month and a day; the message otherwise. */
export const dateFormatProblem = (format: string): string | undefined => {
  const { parts } = compileFormat(format);
  return ['year', 'month', 'day'].every((part) => parts.includes(part as keyof WallClock)) ? undefined : `date format "${format}" needs YYYY, M (or MM) and D (or DD)`;
};

const validWallClock = (w: WallClock): boolean =>
  w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= new Date(Date.UTC(w.year, w.month, 0)).getUTCDate() && w.hour <= 23 && w.minute <= 59 && w.second <= 59;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A moment from a cell: an ISO time with its zone is taken as it is; anything else is wall-clock time at `offsetMinutes`. */
const parseMoment = (cell: Cell, formats: readonly string[], offsetMinutes: number): { ms: number; wall: WallClock } => {
  const wallOf = (ms: number): WallClock => {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
  };
  const fromWall = (wall: WallClock) => ({ ms: Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - offsetMinutes * MINUTE_MS, wall });
  if (cell instanceof Date) return fromWall(wallOf(roundToSecond(cell.getTime())));
  if (typeof cell === 'number') {
    if (!(cell > 0 && cell <= MAX_EXCEL_SERIAL)) throw new CellError(`${cell} is not a date`);
    return fromWall(wallOf(roundToSecond(EXCEL_EPOCH_MS + cell * DAY_MS)));
  }
  const text = cellText(cell);
  if (ISO_WITH_ZONE.test(text) && !Number.isNaN(Date.parse(text))) return { ms: Date.parse(text), wall: wallOf(Date.parse(text) + (parseUtcOffset(text.slice(-6)) ?? 0) * MINUTE_MS) };
  for (const format of formats) {
    const { regex, parts } = compileFormat(format);
    const match = regex.exec(text);
    if (!match) continue;
    const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    parts.forEach((part, i) => (wall[part] = Number(match[i + 1])));
    if (!validWallClock(wall)) throw new CellError(`"${text}" is not a real date`);
    return fromWall(wall);
  }
  throw new CellError(`"${text}" matches none of the date formats ${formats.join(', ')}`);
};

/** `YYYY-MM-DD`, the calendar date written in the cell. */
export const toDate = (cell: Cell, formats: readonly string[]): string => {
  const { wall } = parseMoment(cell, formats, 0);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
};

/** An ISO instant (UTC); a cell without a zone is read at `offsetMinutes` (a date alone: its midnight). */
export const toDateTime = (cell: Cell, formats: readonly string[], offsetMinutes: number): string => new Date(parseMoment(cell, formats, offsetMinutes).ms).toISOString();

/** Numbers as people type them: `1,200.50`, `¥3000`, ` 12 `. */
export const toNumber = (cell: Cell): number => {
  if (typeof cell === 'number') return cell;
  const text = cellText(cell);
  const cleaned = text.replace(/^[¥￥$]/, '').replace(/[,\s]/g, '');
  const value = cleaned === '' ? NaN : Number(cleaned);
  if (!Number.isFinite(value)) throw new CellError(`"${text}" is not a number`);
  return value;
};

export const toInteger = (cell: Cell): number => {
  const value = toNumber(cell);
  if (!Number.isSafeInteger(value)) throw new CellError(`"${cellText(cell)}" is not a whole number`);
  return value;
};

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '有', '√', '✓']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '无', '×', '✗']);

export const toBoolean = (cell: Cell): boolean => {
  if (typeof cell === 'boolean') return cell;
  const text = cellText(cell).toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new CellError(`"${cellText(cell)}" is not yes or no (true/false, 是/否, 1/0)`);
};

/** Separators between list items when the mapping names none: commas, semicolons, 、 and line breaks, in ASCII and full width. */
export const DEFAULT_LIST_SEPARATORS = ',;，；、\n';

export const toList = (cell: Cell, separators = DEFAULT_LIST_SEPARATORS): string[] => {
  const escaped = [...separators].map((c) => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('');
  return cellText(cell)
    .split(new RegExp(`[${escaped}]`))
    .map((item) => item.trim())
    .filter(Boolean);
};
