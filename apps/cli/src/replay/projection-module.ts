import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type * as TypeScript from 'typescript';
import { RecordedEvent } from '@app/domain/shared';
import { CliError } from '../cli-command';

/**
 * An analyst's own projection: a pure fold over the log, like the read models (DESIGN rule 5), but
 * kept outside the code base and run on demand. Events are the upcast RecordedEvents that
 * `export --format ndjson` writes, one per line.
 */
export interface ProjectionModule<S = unknown> {
  /** The state before the first event (or a function that returns it, called once per run). */
  readonly initialState: S | (() => S);
  evolve(state: S, event: RecordedEvent): S;
  /** Only these event types are read (filtered by the store). */
  readonly types?: readonly string[];
  /** Only events for which it returns true are folded. */
  filter?(event: RecordedEvent): boolean;
  /** Shapes the output from the final state; default: the state itself. */
  result?(state: S): unknown;
}

const TYPESCRIPT = new Set(['.ts', '.cts', '.mts']);
const JAVASCRIPT = new Set(['.js', '.cjs']);

/** Loaded only for a .ts module: `typescript` is a dev dependency, absent where dev dependencies are pruned (the image). */
const typescript = (path: string): typeof TypeScript => {
  try {
    return require('typescript') as typeof TypeScript;
  } catch {
    throw new CliError(`${path}: replaying a .ts module needs the typescript package (npm ci installs it); or compile the module to .js first`);
  }
};

/** TypeScript is transpiled only (no type check, like ts-jest here): fast, and errors are the module's business. */
const transpile = (file: string): string => {
  const ts = typescript(file);
  const output = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true, inlineSources: true },
  });
  const problem = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (problem) {
    const where = problem.file && problem.start !== undefined ? problem.file.getLineAndCharacterOfPosition(problem.start) : undefined;
    throw new CliError(`${file}${where ? `:${where.line + 1}:${where.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(problem.messageText, ' ')}`);
  }
  return output.outputText;
};

const requireFresh = (file: string): unknown => {
  const resolved = require.resolve(file);
  if (require.cache) delete require.cache[resolved];
  return require(resolved);
};

/** Checks the exports; `export default { … }` is accepted as well as named exports. */
const asProjection = (exported: unknown, file: string): ProjectionModule => {
  const candidate = (exported as { evolve?: unknown; default?: unknown }) ?? {};
  const module = (typeof candidate.evolve !== 'function' && candidate.default ? candidate.default : candidate) as Partial<ProjectionModule>;
  const problems = [
    ...(typeof module.evolve !== 'function' ? ['evolve(state, event) is not exported'] : []),
    ...(!('initialState' in module) || module.initialState === undefined ? ['initialState is not exported'] : []),
    ...(module.filter !== undefined && typeof module.filter !== 'function' ? ['filter must be a function'] : []),
    ...(module.result !== undefined && typeof module.result !== 'function' ? ['result must be a function'] : []),
    ...(module.types !== undefined && !(Array.isArray(module.types) && module.types.every((t) => typeof t === 'string')) ? ['types must be an array of event type names'] : []),
  ];
  if (problems.length) throw new CliError(`${file} is not a projection module: ${problems.join('; ')}`);
  return module as ProjectionModule;
};

/**
 * Loads a projection module: `.js`/`.cjs` (CommonJS) is required as it is; `.ts` is transpiled with
 * the TypeScript compiler into a temporary `.js`, which is required and removed. A TypeScript module
 * must be self-contained: Node built-ins and type-only imports are fine, relative imports are not.
 */
export const loadProjectionModule = (path: string): ProjectionModule => {
  const file = resolve(path);
  const extension = extname(file);
  try {
    if (JAVASCRIPT.has(extension)) return asProjection(requireFresh(file), path);
    if (!TYPESCRIPT.has(extension)) throw new CliError(`${path}: a projection module is a .ts or .js file`);
    const code = transpile(file);
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    try {
      const compiled = join(dir, `${basename(file, extension)}.js`);
      writeFileSync(compiled, code);
      return asProjection(requireFresh(compiled), path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new CliError(`${path}: cannot load it (${(error as Error).message.split('\n')[0]})`);
    }
    throw new CliError(`${path}: loading it failed: ${(error as Error).message.split('\n')[0]}`);
  }
};
