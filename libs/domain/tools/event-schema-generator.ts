import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { PERSONAL_DATA_CATALOG, PersonalDataSpec } from '../src/personal-data/personal-data.catalog';

/**
 * Generates the JSON Schema of every event type and version from the TypeScript types named in
 * `libs/domain/src/schemas/event-catalog.ts`, the one source of the event contracts.
 *
 *   npm run schemas      (re)writes libs/domain/src/schemas/*.schema.json and event-schemas.generated.ts
 *
 * `event-schemas.unit.spec.ts` runs the same generation and fails when the committed files differ.
 * Only what event data is made of is supported (primitives, literals, unions, arrays, plain objects,
 * string-keyed records); anything else (`any`, `unknown`, tuples, functions) stops the generation,
 * because it would make a contract that promises nothing.
 */

export const SCHEMAS_DIR = join('libs', 'domain', 'src', 'schemas');
const CATALOG_FILE = 'event-catalog.ts';
export const GENERATED_INDEX_FILE = 'event-schemas.generated.ts';
const SCHEMA_FILE = /^[A-Za-z]+\.v\d+\.schema\.json$/;
/** Draft-07: what AsyncAPI 3 schemas build on and every JSON Schema library reads. */
const DRAFT = 'http://json-schema.org/draft-07/schema#';

type JsonSchema = { [keyword: string]: unknown };

export interface GeneratedFile {
  /** File name inside SCHEMAS_DIR. */
  readonly name: string;
  readonly content: string;
}

export const schemaFileName = (type: string, version: number): string => `${type}.v${version}.schema.json`;
export const schemaId = (type: string, version: number): string => `urn:lead-to-customer:event:${type}:${version}`;

const SIMPLE_TYPES = ['string', 'number', 'boolean', 'null'] as const;
type Literal = string | number | boolean;

class SchemaWalker {
  constructor(private readonly checker: ts.TypeChecker) {}

  schemaOf(type: ts.Type, where: string): JsonSchema {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) throw new Error(`${where}: ${this.checker.typeToString(type)} promises nothing; give it a precise type`);
    if (type.isUnion()) return this.unionOf(type.types, where);
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.Null) return { type: 'null' };
    const literal = this.literalOf(type);
    if (literal !== undefined) return { const: literal };
    if (this.checker.isTupleType(type)) throw new Error(`${where}: tuples are not supported in events`);
    if (this.checker.isArrayType(type)) {
      const [item] = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: this.schemaOf(item, `${where}[]`) };
    }
    if (f & ts.TypeFlags.Object || type.isIntersection()) return this.objectOf(type, where);
    throw new Error(`${where}: ${this.checker.typeToString(type)} is not supported in events`);
  }

  /** Properties in declaration order, their comments as descriptions; no other properties allowed. */
  objectOf(type: ts.Type, where: string, replace: Readonly<Record<string, JsonSchema>> = {}): JsonSchema {
    if (type.getCallSignatures().length > 0) throw new Error(`${where}: functions are not data`);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const path = `${where}.${property.name}`;
      const schema = replace[property.name] ?? this.schemaOf(this.checker.getTypeOfSymbol(property), path);
      const description = ts.displayPartsToString(property.getDocumentationComment(this.checker)).trim();
      properties[property.name] = description && !replace[property.name] ? { description, ...schema } : schema;
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const index = this.checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
    return {
      type: 'object',
      ...(required.length ? { required } : {}),
      properties,
      additionalProperties: index ? this.schemaOf(index.type, `${where}[key]`) : false,
    };
  }

  private literalOf(type: ts.Type): Literal | undefined {
    if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
    if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as unknown as { intrinsicName: string }).intrinsicName === 'true';
    return undefined;
  }

  /**
   * `A | B | undefined` (optional) drops the undefined. Literals become one `enum`, primitives one
   * `type` list (true | false is boolean), the rest `anyOf`. Sorted, so the output never depends on
   * the order in which the compiler happened to create the types.
   */
  private unionOf(members: readonly ts.Type[], where: string): JsonSchema {
    const present = members.filter((m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    if (present.length === 1) return this.schemaOf(present[0], where);
    const simple = new Set<string>();
    let literals: Literal[] = [];
    const complex: JsonSchema[] = [];
    for (const member of present) {
      const schema = this.schemaOf(member, where);
      if ('const' in schema) literals.push(schema.const as Literal);
      else if (Object.keys(schema).length === 1 && typeof schema.type === 'string' && (SIMPLE_TYPES as readonly string[]).includes(schema.type)) simple.add(schema.type);
      else complex.push(schema);
    }
    if (literals.includes(true) && literals.includes(false)) {
      simple.add('boolean');
      literals = literals.filter((l) => typeof l !== 'boolean');
    }
    literals = literals.filter((l) => !simple.has(typeof l));
    // A type list only as `[T, "null"]`: strict validators (ajv) refuse other union types.
    const nullable = simple.has('null');
    const types = SIMPLE_TYPES.filter((t) => t !== 'null' && simple.has(t));
    const parts: JsonSchema[] = [];
    if (literals.length && nullable && types.length === 0) {
      parts.push({ enum: [...sortLiterals(literals), null] });
    } else {
      if (types.length === 1) parts.push({ type: nullable ? [types[0], 'null'] : types[0] });
      else parts.push(...types.map((t) => ({ type: t })), ...(nullable ? [{ type: 'null' }] : []));
      if (literals.length) parts.push({ enum: sortLiterals(literals) });
    }
    parts.push(...complex.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    return parts.length === 1 ? parts[0] : { anyOf: parts };
  }
}

const sortLiterals = (values: Literal[]): Literal[] => [...values].sort((a, b) => String(a).localeCompare(String(b)));

/**
 * Says in the schema which fields are personal data (personal-data.catalog.ts): consumers read them
 * in the clear, or as "[erased]" once the subject's personal data is erased; the log keeps them
 * encrypted, as strings of the same schema. A catalogue path the schema does not have stops the
 * generation, so the catalogue cannot drift from the events.
 */
const describePersonalData = (data: JsonSchema, spec: PersonalDataSpec | null | undefined, where: string): JsonSchema => {
  if (!spec) return data;
  const subject = `data.${spec.subject.replace(/\//g, '.')}`;
  const noteFor = (what: string) => `Personal data of the subject named by ${subject}: ${what} encrypted in the log under that subject's own key, and read "[erased]" once the subject's personal data is erased.`;
  const describe = (schema: JsonSchema, note: string): JsonSchema => {
    const { description, ...rest } = schema;
    return { description: description ? `${description} ${note}` : note, ...rest };
  };
  /** Record fields (CustomerProfileUpdated.changes): the personal keys, per record. */
  const recordKeys = new Map<JsonSchema, string[]>();
  const annotate = (schema: JsonSchema, segments: readonly string[], path: string): JsonSchema => {
    const [head, ...rest] = segments;
    if (head === '*') {
      if (!schema.items) throw new Error(`${where}: personal-data path ${path} goes into ${schema.type}, not an array`);
      return { ...schema, items: annotate(schema.items as JsonSchema, rest, path) };
    }
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    const property = properties?.[head];
    if (property) {
      const next = rest.length ? annotate(property, rest, path) : describe(property, noteFor(property.type === 'array' ? 'each item is' : 'it is'));
      return { ...schema, properties: { ...properties, [head]: next } };
    }
    if (rest.length === 0 && typeof schema.additionalProperties === 'object') {
      recordKeys.set(schema, [...(recordKeys.get(schema) ?? []), head]);
      return schema;
    }
    throw new Error(`${where}: personal-data path ${path} is not in the event's data`);
  };
  let annotated = data;
  for (const path of spec.fields) annotated = annotate(annotated, path.split('/'), path);
  // A record's personal keys are named on the record itself: its values have one schema for every key.
  const describeRecords = (schema: JsonSchema): JsonSchema => {
    const keys = recordKeys.get(schema);
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    const walked = properties ? { ...schema, properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, describeRecords(v)])) } : schema;
    return keys ? describe(walked, noteFor(`the values of ${keys.join(', ')} (each item of a list) are`)) : walked;
  };
  return describeRecords(annotated);
};

interface CatalogEntry {
  readonly type: string;
  readonly version: number;
  readonly feed: boolean;
  readonly schema: JsonSchema;
}

const docOf = (symbol: ts.Symbol, checker: ts.TypeChecker): string => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();

const loadCatalog = (repoRoot: string): CatalogEntry[] => {
  const catalogPath = join(repoRoot, SCHEMAS_DIR, CATALOG_FILE);
  const configPath = join(repoRoot, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, repoRoot);
  // Only the catalog and what it imports; no ambient @types (the domain needs none) keeps it quick.
  const program = ts.createProgram([catalogPath], { ...config.options, types: [], noEmit: true, incremental: false });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(catalogPath);
  if (!source) throw new Error(`cannot read ${catalogPath}`);
  const exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((s) => [s.name, s] as const));
  const declared = (name: string): ts.Type => {
    const symbol = exported.get(name);
    if (!symbol) throw new Error(`${CATALOG_FILE} must export ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  const walker = new SchemaWalker(checker);
  const envelope = declared('EventEnvelope');
  const entries: CatalogEntry[] = [];
  for (const [catalog, feed] of [
    ['FeedEventCatalog', true],
    ['InternalEventCatalog', false],
  ] as const) {
    for (const typeSymbol of checker.getPropertiesOfType(declared(catalog))) {
      const type = typeSymbol.name;
      for (const versionSymbol of checker.getPropertiesOfType(checker.getTypeOfSymbol(typeSymbol))) {
        const version = Number(versionSymbol.name);
        if (!Number.isInteger(version) || version < 1) throw new Error(`${catalog}.${type}: versions are keyed 1, 2, ...; got ${versionSymbol.name}`);
        const data = describePersonalData(walker.schemaOf(checker.getTypeOfSymbol(versionSymbol), `${type}@${version}.data`), PERSONAL_DATA_CATALOG[`${type}@${version}`], `${type}@${version}`);
        const envelopeSchema = walker.objectOf(envelope, `${type}@${version}`, { type: { const: type }, version: { const: version }, data });
        const description = [docOf(typeSymbol, checker), docOf(versionSymbol, checker)].filter(Boolean).join(' ');
        entries.push({
          type,
          version,
          feed,
          schema: { $schema: DRAFT, $id: schemaId(type, version), title: `${type} v${version}`, ...(description ? { description } : {}), ...envelopeSchema },
        });
      }
    }
  }
  return entries;
};

const indexFile = (entries: readonly CatalogEntry[]): string => {
  const name = (e: CatalogEntry) => `${e.type}V${e.version}`;
  return [
    `// Generated by \`npm run schemas\` from ${CATALOG_FILE} (libs/domain/tools/event-schema-generator.ts). Do not edit.`,
    ...entries.map((e) => `import ${name(e)} from './${schemaFileName(e.type, e.version)}';`),
    '',
    'export const GENERATED_EVENT_SCHEMAS = [',
    ...entries.map((e) => `  { type: '${e.type}', version: ${e.version}, feed: ${e.feed}, schema: ${name(e)} },`),
    '] as const;',
    '',
  ].join('\n');
};

/** Every file the catalog generates, with its content. */
export const generateEventSchemaFiles = (repoRoot: string): GeneratedFile[] => {
  const entries = loadCatalog(repoRoot);
  return [
    ...entries.map((e) => ({ name: schemaFileName(e.type, e.version), content: `${JSON.stringify(e.schema, null, 2)}\n` })),
    { name: GENERATED_INDEX_FILE, content: indexFile(entries) },
  ];
};

/** Generated files that are missing or differ on disk, and schema files the catalog no longer makes. */
export const staleEventSchemaFiles = (repoRoot: string): { readonly outdated: string[]; readonly extra: string[] } => {
  const dir = join(repoRoot, SCHEMAS_DIR);
  const files = generateEventSchemaFiles(repoRoot);
  const outdated = files.filter((f) => !existsSync(join(dir, f.name)) || readFileSync(join(dir, f.name), 'utf8') !== f.content).map((f) => f.name);
  const names = new Set(files.map((f) => f.name));
  const extra = readdirSync(dir).filter((name) => SCHEMA_FILE.test(name) && !names.has(name));
  return { outdated, extra };
};

const findRepoRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, SCHEMAS_DIR))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
};

const main = (): void => {
  const root = findRepoRoot(__dirname);
  const dir = join(root, SCHEMAS_DIR);
  const { outdated, extra } = staleEventSchemaFiles(root);
  for (const file of generateEventSchemaFiles(root).filter((f) => outdated.includes(f.name))) writeFileSync(join(dir, file.name), file.content);
  for (const name of extra) unlinkSync(join(dir, name));
  console.log(outdated.length || extra.length ? `event schemas: wrote ${outdated.join(', ') || 'nothing'}; removed ${extra.join(', ') || 'nothing'}` : 'event schemas: up to date');
};

if (require.main === module) main();
