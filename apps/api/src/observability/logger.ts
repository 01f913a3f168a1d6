import { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { Level, Logger as Pino } from 'pino';
import type { AuthenticatedRequest } from '../security/access.decorators';
import { LOG_LEVELS } from '../shared/http/http.settings';

/** The request a piece of work runs for: every line logged meanwhile carries its ids and actor. */
export const requestScope = new AsyncLocalStorage<AuthenticatedRequest>();

/** LOG_LEVEL keeps Nest's names; pino's are the ones written. */
const PINO_LEVEL: Record<(typeof LOG_LEVELS)[number], Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** Nest's start-up chatter: one line per module and per route is detail, not news. */
const DETAIL_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader', 'NestFactory', 'NestApplication']);

const header = (request: AuthenticatedRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

/** The ids of the request in scope, as request-context.ts derives them for the events it causes. */
const requestFields = (): Record<string, string> => {
  const request = requestScope.getStore();
  if (!request) return {};
  return { requestId: String(request.id), correlationId: header(request, 'x-correlation-id') ?? String(request.id), actor: request.principal?.id ?? 'anonymous' };
};

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** A JSON line as a person reads it in a terminal: time, level, [context], message, then the other fields. */
export const prettyLine = (line: string): string => {
  const { level, time, context, msg, err, stack, pid: _pid, hostname: _hostname, ...rest } = JSON.parse(line) as Record<string, unknown>;
  const at = new Date(time as number).toISOString().slice(11, 23);
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const trace = (stack ?? (err as { stack?: string } | undefined)?.stack) as string | undefined;
  return `${at} ${(LEVEL_NAMES[level as number] ?? String(level)).padEnd(5)} ${context ? `[${context}] ` : ''}${String(msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}${trace ? `\n${trace}` : ''}\n`;
};

/** Lines go to stdout, errors to stderr (as Nest's own logger does); readable lines when a person watches a terminal. */
const destinations = (pretty: boolean) => {
  const to = (stream: NodeJS.WriteStream) => ({ write: (line: string) => stream.write(pretty ? prettyLine(line) : line) });
  return pino.multistream(
    [
      { level: 'trace', stream: to(process.stdout) },
      { level: 'error', stream: to(process.stderr) },
    ],
    { dedupe: true },
  );
};

/**
 * Nest's logger, written by pino: one JSON object per line with the level, time, context (the class
 * that logs), message and, inside a request, its `requestId`, `correlationId` and `actor`.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Pino;

  constructor(level: (typeof LOG_LEVELS)[number] | 'silent', pretty = Boolean(process.stdout.isTTY)) {
    this.pino = pino(
      { level: level === 'silent' ? 'silent' : PINO_LEVEL[level], base: undefined, mixin: requestFields, formatters: { level: (_label, number) => ({ level: number }) } },
      destinations(pretty),
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.write(context && DETAIL_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = contextOf(params);
    const rest = context === undefined ? params : params.slice(0, -1);
    const stack = rest.find((p): p is string => typeof p === 'string' && isStack(p));
    const fields: Record<string, unknown> = { ...(context && { context }), ...(stack && { stack }) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}

const isStack = (text: string): boolean => /\n\s+at /.test(text);

/** Nest passes the context (the logging class's name) last; a stack trace is never taken for one. */
const contextOf = (params: unknown[]): string | undefined => {
  const last = params[params.length - 1];
  return typeof last === 'string' && !isStack(last) && params.length > 0 && !/\s/.test(last) ? last : undefined;
};
