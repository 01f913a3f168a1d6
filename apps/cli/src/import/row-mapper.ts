import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { deterministicUuid, DomainError, streamName } from '@app/domain/shared';
import { AggregateName } from '@app/application/aggregates';
import { CommandRequest } from '@app/application/command-request';
import { ID_PATTERN } from '@app/application/requests/ids';
import { fieldErrors, oversizedCollections } from '@app/application/requests/field-errors';
import { Cell, CellError, cellText, isEmptyCell, toBoolean, toDate, toDateTime, toInteger, toList, toNumber } from './cell-values';
import { Condition, FieldSpec, FieldType, ImportMapping, TargetSpec } from './import-mapping';
import { ImportableCommandType, importableCommand } from './importable-commands';

/** A data row of the file; `number` is the row number a spreadsheet shows (the header row counts). */
export interface SourceRow {
  readonly number: number;
  cell(column: string): Cell;
}

/** One line of the error report. */
export interface RowError {
  readonly row: number;
  /** The mapping target whose command failed. */
  readonly target?: string;
  /** The column(s) the problem comes from ('' when no column is to blame). */
  readonly column: string;
  /** The request field, e.g. `contacts.phones`. */
  readonly field?: string;
  /** What the cell held. */
  readonly value?: string;
  readonly reason: string;
}

/** A command ready for the write path: validated like the HTTP request it stands for. */
export interface MappedCommand {
  readonly target: TargetSpec;
  readonly type: ImportableCommandType;
  readonly aggregate: AggregateName;
  readonly id: string;
  /** The request body, without the id (`occurredAt` included when mapped). */
  readonly body: Record<string, unknown>;
  /** The row as the use case's command. */
  readonly request: CommandRequest;
  /** Derived from the command and its content, not from the row's place in the file: the same row imported again is recognised. */
  readonly idempotencyKey: string;
  /** Streams it writes to or follows from. */
  readonly streams: readonly string[];
}

/** The HTTP API's validation (createValidationPipe): unknown fields refused, no implicit conversion. */
const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } } as const;

/** JSON with sorted keys, so the same content always hashes alike. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const columnsOfSpec = (spec: FieldSpec | undefined): string[] => (spec ? (spec.column !== undefined ? [spec.column] : [...(spec.columns ?? spec.derive ?? [])]) : []);

/** The mapped specs by request path, with the record id also under `<aggregate>Id` (the name the domain uses). */
const specsOf = (target: TargetSpec): [string, FieldSpec][] => [
  ['id', target.id],
  [`${importableCommand(target.command).toCommand.aggregate}Id`, target.id],
  ...(target.occurredAt ? [['occurredAt', target.occurredAt] as [string, FieldSpec]] : []),
  ...Object.entries(target.fields),
];

/** The columns behind a request path: its own spec, an enclosing one, or the ones inside it. */
export const columnsFor = (target: TargetSpec, path: string): string[] => {
  const specs = specsOf(target);
  const enclosing = specs.filter(([p]) => path === p || path.startsWith(`${p}.`)).sort(([a], [b]) => b.length - a.length)[0];
  const columns = enclosing ? columnsOfSpec(enclosing[1]) : specs.filter(([p]) => p.startsWith(`${path}.`)).flatMap(([, spec]) => columnsOfSpec(spec));
  return [...new Set(columns)];
};

const cellsOf = (row: SourceRow, columns: readonly string[]): string | undefined => {
  const texts = columns.map((c) => cellText(row.cell(c)));
  return texts.some(Boolean) ? texts.join(' | ').slice(0, 200) : undefined;
};

const holds = (condition: Condition, row: SourceRow): boolean => {
  const text = cellText(row.cell(condition.column));
  if (condition.notEmpty !== undefined && condition.notEmpty !== (text !== '')) return false;
  if (condition.equals !== undefined && text !== condition.equals) return false;
  if (condition.in && !condition.in.includes(text)) return false;
  if (condition.notIn && condition.notIn.includes(text)) return false;
  return true;
};

/** A field's value from the row; undefined leaves the field out. Throws CellError. */
const resolveField = (spec: FieldSpec, row: SourceRow, mapping: ImportMapping, fallbackType: FieldType): unknown => {
  if (spec.value !== undefined) return spec.value;
  if (spec.derive) {
    const parts = spec.derive.map((column) => cellText(row.cell(column)));
    if (parts.every((part) => part === '')) throw new CellError(`${spec.derive.join(', ')} ${spec.derive.length > 1 ? 'are' : 'is'} empty: no id can be made`);
    return deterministicUuid('import', ...parts);
  }
  const cell: Cell = spec.columns
    ? spec.columns
        .map((column) => cellText(row.cell(column)))
        .filter(Boolean)
        .join(spec.join ?? ' ')
    : row.cell(spec.column!);
  if (isEmptyCell(cell)) return spec.default;
  const map = typeof spec.map === 'string' ? mapping.valueMaps[spec.map] : spec.map;
  const type = spec.type ?? fallbackType;
  const formats = spec.format === undefined ? mapping.dateFormats : typeof spec.format === 'string' ? [spec.format] : spec.format;
  const mapped = (text: string): { value: unknown } | undefined =>
    map && Object.hasOwn(map, text) ? { value: map[text] } : map && Object.hasOwn(map, '*') ? { value: map['*'] } : undefined;
  if (type === 'list') return toList(cell, spec.split).flatMap((item) => mapped(item)?.value ?? item);
  const hit = mapped(cellText(cell));
  if (hit) return hit.value;
  switch (type) {
    case 'number':
      return toNumber(cell);
    case 'integer':
      return toInteger(cell);
    case 'boolean':
      return toBoolean(cell);
    case 'date':
      return toDate(cell, formats);
    case 'datetime':
      return toDateTime(cell, formats, mapping.offsetMinutes);
    default:
      return cellText(cell);
  }
};

const setPath = (body: Record<string, unknown>, path: string, value: unknown): void => {
  const keys = path.split('.');
  let node = body;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
};

/**
 * The row's commands, one per target whose conditions hold, each validated with the API's request
 * body class; or the errors, when any target fails (then none of the row's commands runs).
 */
export const mapRow = async (row: SourceRow, mapping: ImportMapping): Promise<{ commands: MappedCommand[]; errors: RowError[] }> => {
  const commands: MappedCommand[] = [];
  const errors: RowError[] = [];
  for (const target of mapping.targets) {
    if (!target.when.every((condition) => holds(condition, row))) continue;
    const { toCommand, idInBody, otherStreams } = importableCommand(target.command);
    const { aggregate, body: dto } = toCommand;
    const targetErrors: RowError[] = [];
    const failedPaths: string[] = [];
    const body: Record<string, unknown> = {};
    const resolve = (path: string, spec: FieldSpec, type: FieldType): unknown => {
      try {
        return resolveField(spec, row, mapping, type);
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        failedPaths.push(path);
        const columns = columnsOfSpec(spec);
        targetErrors.push({ row: row.number, target: target.name, column: columns.join(', '), field: path, value: cellsOf(row, columns), reason: error.message });
        return undefined;
      }
    };
    const idValue = resolve('id', target.id, 'string');
    const id = idValue === undefined ? '' : String(idValue);
    if (idValue === undefined && !failedPaths.includes('id')) {
      failedPaths.push('id');
      targetErrors.push({ row: row.number, target: target.name, column: columnsOfSpec(target.id).join(', '), field: 'id', reason: 'the record id is empty' });
    } else if (!idInBody && id && !ID_PATTERN.test(id)) {
      failedPaths.push('id');
      targetErrors.push({ row: row.number, target: target.name, column: columnsOfSpec(target.id).join(', '), field: 'id', value: id, reason: 'id must be 1-64 letters, digits, _ or -' });
    }
    if (target.occurredAt) {
      const occurredAt = resolve('occurredAt', target.occurredAt, 'datetime');
      if (occurredAt !== undefined) body.occurredAt = occurredAt;
    }
    for (const [path, spec] of Object.entries(target.fields)) {
      const value = resolve(path, spec, 'string');
      if (value !== undefined) setPath(body, path, value);
    }

    const request = plainToInstance(dto, idInBody && id ? { ...body, id } : body) as Record<string, unknown>;
    // As the API does: a list over its size limit is refused by its length, its items not validated.
    const oversized = oversizedCollections(request, dto);
    for (const { field, messages } of oversized.length ? oversized : fieldErrors(await validate(request, VALIDATION))) {
      // A cell that could not be converted is reported once, not again as a missing field.
      if (failedPaths.some((path) => field === path || field.startsWith(`${path}.`) || path.startsWith(`${field}.`))) continue;
      const columns = columnsFor(target, field);
      targetErrors.push({ row: row.number, target: target.name, column: columns.join(', '), field, value: cellsOf(row, columns), reason: messages.join('; ') });
    }
    if (targetErrors.length) {
      errors.push(...targetErrors);
      continue;
    }
    const { id: _id, ...requestBody } = request;
    commands.push({
      target,
      type: target.command,
      aggregate,
      id,
      body: requestBody,
      // The instance is of the mapping's own request class, and valid.
      request: toCommand(id, request as never),
      idempotencyKey: `import-${deterministicUuid('import', target.command, id, canonicalJson(body))}`,
      streams: [streamName(aggregate, id), ...(otherStreams?.(id, requestBody) ?? [])],
    });
  }
  return errors.length ? { commands: [], errors } : { commands, errors };
};

/** A command the domain refused, as a line of the report: blamed on the column of the field the refusal names, else on the id. */
export const refusalError = (row: SourceRow, command: MappedCommand, error: DomainError): RowError => {
  const keys = Object.keys(error.details);
  const isId = (key: string) => key === 'id' || key === `${command.aggregate}Id`;
  // The record's own id is named by most refusals: blame a field the refusal names besides it first.
  const named = [error.details.field, ...keys.filter((key) => !isId(key))].filter((key): key is string => typeof key === 'string');
  const path = named.find((key) => columnsFor(command.target, key).length > 0) ?? 'id';
  const columns = columnsFor(command.target, path);
  return { row: row.number, target: command.target.name, column: columns.join(', '), field: path, value: cellsOf(row, columns), reason: `${error.code}: ${error.message}` };
};
