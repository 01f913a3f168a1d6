import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { CliError } from '../cli-command';
import { DEFAULT_DATE_FORMATS, dateFormatProblem, parseUtcOffset } from './cell-values';
import { IMPORTABLE_COMMAND_TYPES, ImportableCommandType, importableCommand } from './importable-commands';

/**
 * How the rows of a spreadsheet become commands: one JSON file per kind of sheet. README "Import"
 * documents it; examples/*.mapping.json are complete ones.
 */
export interface ImportMapping {
  /** XLSX: the sheet, by name or 1-based number; default the first. */
  readonly sheet?: string | number;
  /** The row holding the column names (1-based); rows above it (a title) are ignored. */
  readonly headerRow: number;
  /** CSV: the file's encoding (`utf-8`, or `gb18030` as Excel on Chinese Windows saves CSV). */
  readonly encoding: string;
  /** CSV: the field separator. */
  readonly delimiter: string;
  /** Minutes east of UTC at which dates and times without a zone are read (`timeZone: "+08:00"`); default UTC. */
  readonly offsetMinutes: number;
  readonly timeZone: string;
  /** Tried in order for `date` and `datetime` fields that name no `format`. */
  readonly dateFormats: readonly string[];
  /** Named value maps that fields refer to with `"map": "<name>"`. */
  readonly valueMaps: Readonly<Record<string, ValueMap>>;
  readonly targets: readonly TargetSpec[];
}

/** Cell text → value. `"*"`: the value for any text not listed; without it, unlisted text passes through unchanged. */
export type ValueMap = Readonly<Record<string, unknown>>;

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'list'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Where one field's value comes from: exactly one of column, columns, value, derive. */
export interface FieldSpec {
  /** The cell of this column. */
  readonly column?: string;
  /** The non-empty cells of these columns, joined by `join` (default a space): a string. */
  readonly columns?: readonly string[];
  readonly join?: string;
  /** A constant (any JSON value). */
  readonly value?: unknown;
  /** A stable id made from these columns' cells: the same cells always give the same id (a UUID). */
  readonly derive?: readonly string[];
  /** Default `string`; `list` splits the cell into strings. */
  readonly type?: FieldType;
  /** A value map, by name (`valueMaps`) or inline; applied to the cell text (to each item of a list) before `type`. */
  readonly map?: string | ValueMap;
  /** Date formats for `date`/`datetime`, e.g. `YYYY/M/D` or `YYYY年M月D日 HH:mm`. */
  readonly format?: string | readonly string[];
  /** `list`: the characters that separate items. */
  readonly split?: string;
  /** The value when the cell is empty; without it an empty cell leaves the field out. */
  readonly default?: unknown;
}

/** A target applies to a row only when every condition holds (cell text, trimmed). */
export interface Condition {
  readonly column: string;
  readonly equals?: string;
  readonly in?: readonly string[];
  readonly notIn?: readonly string[];
  readonly notEmpty?: boolean;
}

/** One command per row (when its conditions hold). */
export interface TargetSpec {
  /** Names the target in the report. */
  readonly name: string;
  readonly command: ImportableCommandType;
  readonly when: readonly Condition[];
  /** The record the command goes to (lead, customer or complaint id). */
  readonly id: FieldSpec;
  /** The business time of the fact (back-dated); default: now. */
  readonly occurredAt?: FieldSpec;
  /** Command fields by path in the API's request body: `name`, `contacts.phones`, `organisation.region`. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const SOURCE_KEYS = ['column', 'columns', 'value', 'derive'] as const;
const FIELD_KEYS = new Set([...SOURCE_KEYS, 'join', 'type', 'map', 'format', 'split', 'default']);
const TARGET_KEYS = new Set(['name', 'command', 'when', 'id', 'occurredAt', 'fields']);
const CONDITION_KEYS = new Set(['column', 'equals', 'in', 'notIn', 'notEmpty']);
const MAPPING_KEYS = new Set(['$comment', 'sheet', 'headerRow', 'encoding', 'delimiter', 'timeZone', 'dateFormats', 'valueMaps', 'targets']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '');
const unknownKeys = (value: Record<string, unknown>, allowed: Set<string>): string[] => Object.keys(value).filter((key) => !allowed.has(key) && !key.startsWith('$'));

/** Every problem of the mapping at once, each named by its path in the JSON. */
const checkMapping = (raw: unknown): string[] => {
  if (!isObject(raw)) return ['the mapping must be a JSON object'];
  const problems: string[] = unknownKeys(raw, MAPPING_KEYS).map((key) => `${key}: unknown setting`);
  const valueMaps = raw.valueMaps ?? {};
  if (!isObject(valueMaps) || !Object.values(valueMaps).every(isObject)) problems.push('valueMaps: must be an object of value maps (objects)');
  if (raw.sheet !== undefined && !(typeof raw.sheet === 'string' || (Number.isInteger(raw.sheet) && (raw.sheet as number) >= 1))) problems.push('sheet: a sheet name or a number from 1');
  if (raw.headerRow !== undefined && !(Number.isInteger(raw.headerRow) && (raw.headerRow as number) >= 1)) problems.push('headerRow: a row number from 1');
  if (raw.delimiter !== undefined && !(typeof raw.delimiter === 'string' && raw.delimiter.length === 1)) problems.push('delimiter: one character');
  if (raw.timeZone !== undefined && (typeof raw.timeZone !== 'string' || parseUtcOffset(raw.timeZone) === undefined)) problems.push('timeZone: a UTC offset such as "+08:00", or "Z"');
  if (raw.encoding !== undefined) {
    try {
      new TextDecoder(String(raw.encoding));
    } catch {
      problems.push(`encoding: "${raw.encoding}" is not an encoding this Node knows (utf-8, gb18030, …)`);
    }
  }
  const formatProblems = (formats: unknown, path: string): string[] => {
    const list = typeof formats === 'string' ? [formats] : formats;
    if (!isStringArray(list) || list.length === 0) return [`${path}: a date format or a list of them`];
    return list.flatMap((f) => dateFormatProblem(f) ?? []).map((p) => `${path}: ${p}`);
  };
  if (raw.dateFormats !== undefined) problems.push(...formatProblems(raw.dateFormats, 'dateFormats'));

  const fieldProblems = (spec: unknown, path: string): string[] => {
    if (!isObject(spec)) return [`${path}: must be an object such as { "column": "名称" }`];
    const out = unknownKeys(spec, FIELD_KEYS).map((key) => `${path}.${key}: unknown setting`);
    const sources = SOURCE_KEYS.filter((key) => spec[key] !== undefined);
    if (sources.length !== 1) out.push(`${path}: give exactly one of ${SOURCE_KEYS.join(', ')}`);
    if (spec.column !== undefined && (typeof spec.column !== 'string' || spec.column.trim() === '')) out.push(`${path}.column: a column name`);
    if (spec.columns !== undefined && (!isStringArray(spec.columns) || spec.columns.length === 0)) out.push(`${path}.columns: a list of column names`);
    if (spec.derive !== undefined && (!isStringArray(spec.derive) || spec.derive.length === 0)) out.push(`${path}.derive: a list of column names`);
    if (spec.type !== undefined && !(FIELD_TYPES as readonly unknown[]).includes(spec.type)) out.push(`${path}.type: one of ${FIELD_TYPES.join(', ')}`);
    if (typeof spec.map === 'string' && !(isObject(valueMaps) && isObject(valueMaps[spec.map]))) out.push(`${path}.map: no value map named "${spec.map}" in valueMaps`);
    if (spec.map !== undefined && typeof spec.map !== 'string' && !isObject(spec.map)) out.push(`${path}.map: a value map (object) or the name of one`);
    if (spec.format !== undefined) out.push(...formatProblems(spec.format, `${path}.format`));
    if (spec.split !== undefined && (typeof spec.split !== 'string' || spec.split === '')) out.push(`${path}.split: the separator characters`);
    if (spec.join !== undefined && typeof spec.join !== 'string') out.push(`${path}.join: a string`);
    return out;
  };

  if (!Array.isArray(raw.targets) || raw.targets.length === 0) return [...problems, 'targets: a list of at least one target'];
  const names = new Set<string>();
  raw.targets.forEach((target: unknown, i) => {
    const at = `targets[${i}]`;
    if (!isObject(target)) return problems.push(`${at}: must be an object`);
    problems.push(...unknownKeys(target, TARGET_KEYS).map((key) => `${at}.${key}: unknown setting`));
    if (typeof target.name !== 'string' || target.name.trim() === '') problems.push(`${at}.name: a name for the report`);
    else if (names.has(target.name)) problems.push(`${at}.name: "${target.name}" is used twice`);
    else names.add(target.name);
    if (!(IMPORTABLE_COMMAND_TYPES as readonly unknown[]).includes(target.command)) problems.push(`${at}.command: one of ${IMPORTABLE_COMMAND_TYPES.join(', ')}`);
    if (target.id === undefined) problems.push(`${at}.id: required (a column, or "derive" from columns), so that importing again finds the same records`);
    else problems.push(...fieldProblems(target.id, `${at}.id`));
    if (target.occurredAt !== undefined) problems.push(...fieldProblems(target.occurredAt, `${at}.occurredAt`));
    if (!isObject(target.fields)) problems.push(`${at}.fields: an object of field paths to sources`);
    else for (const [path, spec] of Object.entries(target.fields)) problems.push(...fieldProblems(spec, `${at}.fields.${path}`));
    if (isObject(target.fields) && ('id' in target.fields || 'occurredAt' in target.fields)) problems.push(`${at}.fields: give id and occurredAt beside fields, not in them`);
    const conditions = target.when === undefined ? [] : Array.isArray(target.when) ? target.when : [target.when];
    conditions.forEach((condition: unknown, j) => {
      const where = `${at}.when[${j}]`;
      if (!isObject(condition)) return problems.push(`${where}: must be an object`);
      problems.push(...unknownKeys(condition, CONDITION_KEYS).map((key) => `${where}.${key}: unknown setting`));
      if (typeof condition.column !== 'string') problems.push(`${where}.column: a column name`);
      if (condition.equals !== undefined && typeof condition.equals !== 'string') problems.push(`${where}.equals: a string`);
      for (const key of ['in', 'notIn'] as const) if (condition[key] !== undefined && !Array.isArray(condition[key])) problems.push(`${where}.${key}: a list of strings`);
      if (condition.notEmpty !== undefined && typeof condition.notEmpty !== 'boolean') problems.push(`${where}.notEmpty: true or false`);
    });
  });
  return problems;
};

/** Reads and checks a mapping file; every problem is listed in one error. */
export const parseMapping = (raw: unknown, source: string): ImportMapping => {
  const problems = checkMapping(raw);
  if (problems.length) throw new CliError(`${source}: ${problems.join('; ')}`);
  const mapping = raw as Record<string, unknown> & { targets: Record<string, unknown>[] };
  const timeZone = (mapping.timeZone as string | undefined) ?? 'Z';
  const formats = mapping.dateFormats as string | string[] | undefined;
  return {
    sheet: mapping.sheet as string | number | undefined,
    headerRow: (mapping.headerRow as number | undefined) ?? 1,
    encoding: (mapping.encoding as string | undefined) ?? 'utf-8',
    delimiter: (mapping.delimiter as string | undefined) ?? ',',
    timeZone,
    offsetMinutes: parseUtcOffset(timeZone)!,
    dateFormats: formats === undefined ? DEFAULT_DATE_FORMATS : typeof formats === 'string' ? [formats] : formats,
    valueMaps: (mapping.valueMaps as Record<string, ValueMap> | undefined) ?? {},
    targets: mapping.targets.map((t) => ({
      name: t.name as string,
      command: t.command as ImportableCommandType,
      when: t.when === undefined ? [] : Array.isArray(t.when) ? (t.when as Condition[]) : [t.when as Condition],
      id: t.id as FieldSpec,
      occurredAt: t.occurredAt as FieldSpec | undefined,
      fields: t.fields as Record<string, FieldSpec>,
    })),
  };
};

/** Paths of fields the request body does not have (`forbidNonWhitelisted` would refuse every row for them). */
const unknownFieldPaths = (errors: readonly ValidationError[], parent = ''): string[] =>
  errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    return [...(error.constraints?.whitelistValidation ? [path] : []), ...unknownFieldPaths(error.children ?? [], path)];
  });

/** A body with every mapped path set, to find field names the command's request body does not have. */
const probeBody = (paths: readonly string[]): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const path of paths) {
    const keys = path.split('.');
    let node = body;
    keys.slice(0, -1).forEach((key) => (node = (isObject(node[key]) ? node[key] : (node[key] = {})) as Record<string, unknown>));
    node[keys[keys.length - 1]] ??= 'x';
  }
  return body;
};

/** Refuses a mapping that names a field its command does not have: better once than on every row. */
export const checkFieldNames = async (mapping: ImportMapping, source: string): Promise<void> => {
  const problems: string[] = [];
  for (const [i, target] of mapping.targets.entries()) {
    const dto = importableCommand(target.command).toCommand.body;
    const errors = await validate(plainToInstance(dto, probeBody(Object.keys(target.fields))), { whitelist: true, forbidNonWhitelisted: true });
    problems.push(...unknownFieldPaths(errors).map((path) => `targets[${i}].fields.${path}: ${target.command} has no such field`));
  }
  if (problems.length) throw new CliError(`${source}: ${problems.join('; ')}`);
};

export const loadMapping = async (path: string): Promise<ImportMapping> => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: cannot read the mapping: ${(error as Error).message.split('\n')[0]}`);
  }
  const mapping = parseMapping(raw, path);
  await checkFieldNames(mapping, path);
  return mapping;
};

/** Every column the mapping reads. */
export const mappedColumns = (mapping: ImportMapping): Set<string> => {
  const columns = new Set<string>();
  const add = (spec: FieldSpec | undefined) => [spec?.column, ...(spec?.columns ?? []), ...(spec?.derive ?? [])].forEach((c) => c !== undefined && columns.add(c));
  for (const target of mapping.targets) {
    add(target.id);
    add(target.occurredAt);
    Object.values(target.fields).forEach(add);
    target.when.forEach((condition) => columns.add(condition.column));
  }
  return columns;
};
