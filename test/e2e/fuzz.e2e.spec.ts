import { RecordedEvent } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import fc from 'fast-check';
import { Agent, request as httpRequest } from 'node:http';
import { expectProblem } from '../support/e2e';
import { complaint, customer, personLead } from '../support/fixtures';
import { listen } from '../support/sse-client';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/test-app';
import { LOCAL_RECEIVERS } from '../support/webhook-receiver';

/**
 * Every route of the app's own OpenAPI document against random and malformed requests: bodies built
 * from the route's schema (then broken), random JSON, deep nesting, huge strings, prototype keys,
 * unicode, nulls; headers (Idempotency-Key, If-Match, X-Purpose, X-Min-Position, Content-Type) and
 * query strings (lists, operators, huge and negative numbers, bad cursors). The API must never
 * answer 5xx, every error must be problem+json, and afterwards the log must hold only events of
 * the commands that were answered 2xx.
 *
 * A fixed seed makes a failure reproducible (each route has its own: SEED + its index). 50 runs for
 * each of the ~65 routes is about 3,250 requests, every kind of input above several times per route;
 * at 5-8 ms a request alone (most of it a command's write and fsync) and about twice that while the
 * other e2e files run beside it on two cores, the file takes 25-55 s, under the minute it may have.
 * FUZZ_RUNS=1000 runs a longer campaign by hand.
 */
const SEED = 20_251_123;
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 50);

type Schema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  example?: unknown;
  additionalProperties?: boolean | Schema;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema?: Schema };
type Operation = { method: 'get' | 'post' | 'delete'; path: string; parameters: Parameter[]; body?: Schema };
type OpenApi = { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } };

/** A path value: one of the records the run knows (resolved when sent), or any string. */
type PathValue = { known: number } | { raw: string };
interface FuzzRequest {
  readonly path: PathValue[];
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  /** undefined: no body. */
  readonly body?: { readonly contentType: string; readonly text: string };
}
interface Answer {
  readonly operation: string;
  readonly correlationId: string;
  readonly status: number;
  readonly body: unknown;
  readonly replayed: boolean;
}

// ---- values -------------------------------------------------------------------------------------

const LONG = 'x'.repeat(5_000);
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Strings a caller should not send: operators, patterns, JSON, numbers past any range, unicode, prototype names. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '', ' ', '$where', '$ne', '$gt', '{"$gt":""}', '{"$ne":null}', '.*', '^', '(a+)+$', '[', '\\', '%', '_', 'null', 'true', 'undefined', 'NaN',
    'Infinity', '-1', '0', '1e999', '-0', '0x10', '1.5', '99999999999999999999', '9007199254740993', '__proto__', 'constructor', 'prototype',
    '../../etc/passwd', '<script>alert(1)</script>', "'; DROP TABLE events; --", '李雷', '🦄', '\u202e', 'é', 'a'.repeat(65), LONG,
    cursorOf([{ $gt: '' }, 'x']), cursorOf(['a', { $ne: null }]), Buffer.from('[1e999,"x"]').toString('base64url'), cursorOf(['2026-01-01', 'x']),
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** JSON values that do not belong where a field is expected. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, -1, 0, 1.5, 1e308, -1e308, [], {}, [null], { $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }, { $regex: '.*' }, ['$in'], LONG),
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
);

/** Any key a body or filter could carry that the API does not declare. */
const hostileKey = fc.oneof(fc.constantFrom('$where', '$gt', '$or', 'a.$ne', '__proto__', 'constructor', 'prototype', 'isAdmin', 'role', '_id', ''), fc.string({ maxLength: 10 }));

/** A past business time (commands refuse the future). */
const pastTime = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date(Date.now() - 3_600_000), noInvalidDate: true }).map((d) => d.toISOString());

const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.constantFrom('example.com', 'mail.example.cn')).map(([local, domain]) => `${local.replace(/\.\.+/g, '.')}@${domain}`);

/** A value that satisfies `schema` (most of the time: the API's own rules go further). `name`: the property it is for. */
const valid = (schema: Schema, schemas: OpenApi['components']['schemas'], depth = 0, name = ''): fc.Arbitrary<unknown> => {
  if (schema.$ref) {
    const target = schemas[schema.$ref.split('/').pop()!];
    return target ? valid(target, schemas, depth, name) : hostileJson; // a dangling reference documents nothing to follow
  }
  if (schema.allOf?.length) return valid(schema.allOf[0], schemas, depth, name);
  if (schema.oneOf?.length) return fc.oneof(...schema.oneOf.map((s) => valid(s, schemas, depth, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const example = schema.example === undefined || schema.type === 'array' ? [] : [fc.constant(schema.example)];
  switch (schema.type) {
    case 'string': {
      const max = Math.min(schema.maxLength ?? 40, 40);
      // The document names no format for e-mail addresses (class-validator's @IsEmail has no schema).
      if (/email/i.test(name)) return email;
      if (schema.format === 'date-time') return pastTime;
      if (schema.format === 'date') return pastTime.map((t) => t.slice(0, 10));
      if (schema.format === 'url') return fc.nat(999).map((n) => `http://127.0.0.1:9/hook-${n}`); // refused at once: nothing leaves the machine
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200));
      return fc.oneof(...example, fc.string({ minLength: Math.max(1, schema.minLength ?? 0), maxLength: Math.max(1, max) }), fc.string({ unit: 'grapheme', minLength: Math.max(1, schema.minLength ?? 0), maxLength: Math.max(1, Math.min(max, 10)) }));
    }
    case 'integer':
      return fc.integer({ min: Math.ceil(Math.max(schema.minimum ?? 0, -1_000)), max: Math.floor(Math.min(schema.maximum ?? 1_000, 1_000_000)) });
    case 'number':
      return fc.oneof(fc.integer({ min: Math.ceil(Math.max(schema.minimum ?? 0, 0)), max: Math.floor(Math.min(schema.maximum ?? 1_000_000, 1_000_000)) }), fc.constantFrom(0.5, 12.34));
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth > 4) return fc.constant([]);
      if (schema.uniqueItems) return fc.uniqueArray(valid(schema.items ?? {}, schemas, depth + 1, name), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3), selector: (v) => JSON.stringify(v) });
      return fc.array(valid(schema.items ?? {}, schemas, depth + 1, name), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    default: {
      if (depth > 4 || !schema.properties) return fc.constant({});
      // A random expectedRevision would make nearly every command a 409: broken bodies send it.
      const properties = Object.fromEntries(Object.entries(schema.properties).filter(([name]) => name !== 'expectedRevision').map(([name, s]) => [name, valid(s, schemas, depth + 1, name)]));
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
  }
};

/** A valid body with a few fields broken or added. */
const broken = (schema: Schema, schemas: OpenApi['components']['schemas']): fc.Arbitrary<unknown> =>
  fc
    .tuple(valid(schema, schemas), fc.array(fc.tuple(fc.oneof(fc.constantFrom(...Object.keys(resolve(schema, schemas).properties ?? { x: 0 })), hostileKey), hostileJson), { minLength: 1, maxLength: 2 }))
    .map(([body, changes]) => {
      // JSON.parse gives `__proto__` an own key, as a request body would have it.
      const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
      for (const [key, value] of changes) Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return copy;
    });

/** A URL cannot carry a lone surrogate (encodeURIComponent throws): it becomes U+FFFD, as a browser would send it. */
const wellFormed = (text: string): string => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

const resolve = (schema: Schema, schemas: OpenApi['components']['schemas']): Schema => (schema.$ref ? resolve(schemas[schema.$ref.split('/').pop()!] ?? {}, schemas) : schema);

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'];
const OTHER_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/problem+json', 'application/json; charset=latin1', 'application/xml'];

const bodies = (schema: Schema | undefined, schemas: OpenApi['components']['schemas']): fc.Arbitrary<FuzzRequest['body']> => {
  const json = (value: fc.Arbitrary<unknown>) => fc.tuple(fc.constantFrom(...JSON_TYPES), value).map(([contentType, v]) => ({ contentType, text: JSON.stringify(v) ?? 'null' }));
  const nested = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean()).map(([n, arrays]) => (arrays ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)));
  return fc.oneof(
    { weight: 6, arbitrary: schema ? json(valid(schema, schemas)) : json(fc.constant({})) },
    { weight: 6, arbitrary: schema ? json(broken(schema, schemas)) : json(hostileJson) },
    { weight: 2, arbitrary: json(fc.oneof(hostileJson, fc.dictionary(hostileKey, hostileJson, { maxKeys: 4 }))) },
    { weight: 1, arbitrary: nested.map((text) => ({ contentType: 'application/json', text })) },
    // Around the 256 KiB limit: just under is refused by the fields' own limits, just over is 413.
    { weight: 1, arbitrary: fc.integer({ min: 200_000, max: 300_000 }).map((n) => ({ contentType: 'application/json', text: JSON.stringify({ name: 'x'.repeat(n) }) })) },
    {
      weight: 2,
      arbitrary: fc.record({
        contentType: fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES),
        text: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '1e999', '{"a":1,"a":2}', '\u0000', 'not json', '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"a":"\\ud800"}'),
      }),
    },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...OTHER_TYPES), schema ? valid(schema, schemas) : hostileJson).map(([contentType, v]) => ({ contentType, text: JSON.stringify(v) ?? '' })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
};

/** Positions beyond the head of the log are answered 503 READ_MODEL_BEHIND after READ_WAIT_TIMEOUT_MS, by design (read-models e2e): only 0, 1 and malformed ones are sent. */
const minPosition = fc.oneof(fc.constantFrom('0', '1', '-1', '1e3', '0x10', '', ' 1', '1.5', '99999999999999999999', 'abc', '{"$gt":0}'), fc.string({ maxLength: 5 }).filter((s) => !/^\s*\d+\s*$/.test(s) || Number(s) <= 1));

const queryValue = (parameter: Parameter, schemas: OpenApi['components']['schemas']): fc.Arbitrary<string> => {
  if (parameter.name === 'minPosition') return minPosition;
  const fromSchema = parameter.schema ? valid(parameter.schema, schemas).map((v) => String(v)) : hostileString;
  return fc.oneof({ weight: 3, arbitrary: fromSchema }, { weight: 2, arbitrary: hostileString });
};

const queries = (parameters: Parameter[], schemas: OpenApi['components']['schemas']): fc.Arbitrary<(readonly [string, string])[]> => {
  const declared = parameters.filter((p) => p.in === 'query');
  const pair = fc.oneof(
    ...declared.map((p) => fc.tuple(fc.constant(p.name), queryValue(p, schemas))),
    // Operators and prototype keys in the query string: `stage[$ne]=x`, `__proto__[x]=1`, unknown names.
    fc.tuple(
      fc.oneof(fc.constantFrom('$where', 'filter', '__proto__[x]', 'constructor[prototype][x]', 'a[$gt]'), ...declared.map((p) => fc.constantFrom(`${p.name}[$ne]`, `${p.name}[$gt]`, `${p.name}[]`))),
      hostileString,
    ),
  );
  return fc.array(pair, { maxLength: 4 });
};

const headers = (operation: Operation): fc.Arbitrary<Record<string, string>> => {
  const printable = hostileString.map((s) => s.slice(0, 300));
  // Half the requests carry only well-formed headers, so that commands get past them and succeed.
  const benign = fc.record(
    {
      // Mostly fresh keys; a shared one now and then replays an answer or is refused as reused.
      'Idempotency-Key': fc.oneof({ weight: 1, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2') }, { weight: 9, arbitrary: fc.uuid() }),
      'X-Purpose': fc.constantFrom('sales_contact', 'service'),
      Accept: fc.constantFrom('application/json', '*/*'),
    },
    { requiredKeys: [] },
  );
  const hostile = fc.record(
    {
      'Idempotency-Key': fc.oneof(fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'), fc.stringMatching(/^[A-Za-z0-9._:@-]{1,40}$/), printable),
      'If-Match': fc.oneof(fc.constantFrom('"0"', '"1"', 'W/"2"', '3', '*', '"abc"', '"-1"', '"99999999999999999"', '"1', 'W/1', ''), printable),
      'X-Purpose': fc.oneof(fc.constantFrom('sales_contact', 'marketing', 'service', 'analytics', ''), printable),
      'X-Min-Position': minPosition,
      'Last-Event-ID': fc.constantFrom('0', '1', 'abc', '-1', '1e3', ''),
      Accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml', 'text/event-stream'),
    },
    { requiredKeys: [] },
  );
  return fc.oneof({ weight: 3, arbitrary: benign }, { weight: 1, arbitrary: hostile }).map((h) => (operation.method === 'get' ? h : Object.fromEntries(Object.entries(h).filter(([name]) => name !== 'Last-Event-ID'))));
};

const requests = (operation: Operation, schemas: OpenApi['components']['schemas']): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    path: fc.tuple(
      ...operation.parameters
        .filter((p) => p.in === 'path')
        .map(() =>
          fc.oneof(
            { weight: 6, arbitrary: fc.nat().map((known): PathValue => ({ known })) },
            { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/).map((raw): PathValue => ({ raw })) },
            { weight: 2, arbitrary: hostileString.map((raw): PathValue => ({ raw })) },
          ),
        ),
    ),
    query: queries(operation.parameters, schemas),
    headers: headers(operation),
    body: operation.method === 'post' ? bodies(operation.body, schemas) : fc.constant(undefined),
  }).map((request) => Object.assign(request, { [fc.toStringMethod]: () => summary(request) }));

/** A counterexample as fast-check prints it: a 300 KiB body would drown the report. */
const summary = ({ path, query, headers, body }: FuzzRequest): string => {
  const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text);
  return cut(JSON.stringify({ path, query, headers })) + (body ? ` body ${body.contentType}: ${cut(body.text)}` : ' no body');
};

// ---- the run ------------------------------------------------------------------------------------

describe('fuzz: every documented route against random and malformed requests', () => {
  let t: TestApp;
  let base: string;
  let doc: OpenApi;
  let operations: Operation[];
  /** Ids of the records the run knows, by path prefix (leads, customers, …) and path parameter. */
  const known = new Map<string, string[]>();
  const answers: Answer[] = [];
  const figures = { requests: 0, serverErrors: 0, byStatus: new Map<number, number>(), started: 0 };
  // One connection, kept alive: the app, not connection set-up, takes the time.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let sequence = 0;

  const remember = (key: string, id: unknown) => {
    if (typeof id !== 'string') return;
    const ids = known.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    known.set(key, ids);
  };
  /** Which pool a path parameter draws from: `/leads/{id}` → leads, `/events/schemas/{type}/{version}` → events:type. */
  const poolOf = (operation: Operation, name: string) => (name === 'id' || name === 'keyId' ? operation.path.split('/')[1] : `${operation.path.split('/')[1]}:${name}`);

  beforeAll(async () => {
    t = await startTestApp({ env: { DEADLINE_SCAN_INTERVAL_MS: String(24 * 3_600_000), WEBHOOK_TIMEOUT_MS: '200', ...LOCAL_RECEIVERS } });
    base = await listen(t.app);
    // Every request of the run carries a correlation id the log check can trace back to it.
    const setupGet = (path: string) => t.http.get(path).set('X-Correlation-Id', `setup-${++sequence}`).expect(200);
    doc = (await setupGet('/docs-json')).body;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method as Operation['method'],
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
      })),
    );
    // A few records in every state a command may meet, so that fuzzed commands also succeed.
    const setup = (path: string, body: object) => t.http.post(path).set('X-Correlation-Id', `setup-${++sequence}`).send(body).expect(201);
    for (let i = 0; i < 3; i++) {
      remember('leads', (await setup('/leads', personLead())).body.id);
      const customerId = (await setup('/customers', customer())).body.id;
      remember('customers', customerId);
      remember('complaints', (await setup('/complaints', complaint(customerId))).body.id);
    }
    remember('webhooks', (await setup('/webhooks', { url: 'http://127.0.0.1:9/hook' })).body.id);
    for (const { name } of (await setupGet('/projections')).body) remember('projections:name', name);
    for (const schema of (await setupGet('/events/schemas')).body.items) {
      remember('events:type', schema.type);
      remember('events:version', String(schema.version));
    }
    figures.started = Date.now();
  }, 30_000);
  afterAll(async () => {
    agent.destroy();
    await t?.destroy();
  });

  const send = async (operation: Operation, request: FuzzRequest): Promise<{ status: number; type: string; body: unknown; replayed: boolean }> => {
    const names = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    let path = operation.path;
    names.forEach((name, i) => {
      const value = request.path[i];
      const pool = known.get(poolOf(operation, name)) ?? [];
      const raw = 'known' in value ? (pool.length ? pool[value.known % pool.length] : 'unknown') : value.raw;
      path = path.replace(`{${name}}`, encodeURIComponent(wellFormed(raw)));
    });
    const query = request.query.map(([k, v]) => `${encodeURIComponent(wellFormed(k))}=${encodeURIComponent(wellFormed(v))}`).join('&');
    const url = query ? `${path}?${query}` : path;
    const correlationId = `fuzz-${++sequence}`;
    // What an HTTP client can send at all: a header value is Latin-1 without control characters.
    const headers = { ...Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e\xa0-\xff]/g, '?')])), 'X-Correlation-Id': correlationId };
    const answer = await exchange(operation.method.toUpperCase(), url, headers, request.body, operation.path === '/events/stream');
    answers.push({ operation: `${operation.method.toUpperCase()} ${operation.path}`, correlationId, status: answer.status, body: answer.body, replayed: answer.replayed });
    return answer;
  };

  /**
   * One request over a kept-alive connection, as sent: the raw body and headers, with the admin key.
   * The event stream never ends by itself: its status and headers are its answer, then it is dropped.
   */
  const exchange = (method: string, url: string, headers: Record<string, string>, body: FuzzRequest['body'], stream: boolean) =>
    new Promise<{ status: number; type: string; body: unknown; replayed: boolean }>((done, fail) => {
      const payload = body ? Buffer.from(body.text) : undefined;
      const sent = { ...headers, 'X-API-Key': TEST_ADMIN_KEY, ...(payload && { 'Content-Type': body!.contentType, 'Content-Length': String(payload.length) }) };
      const req = httpRequest(`${base}${url}`, { method, headers: sent, agent }, (res) => {
        const type = String(res.headers['content-type'] ?? '');
        const replayed = res.headers['idempotent-replayed'] === 'true';
        if (stream && res.statusCode === 200) {
          req.destroy();
          return done({ status: 200, type, body: undefined, replayed });
        }
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text && /json/.test(type) ? JSON.parse(text) : text;
          } catch {
            // not JSON after all: kept as text, and the content-type assertion will say so
          }
          done({ status: res.statusCode!, type, body: parsed, replayed });
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => (stream && error.code === 'ECONNRESET' ? undefined : fail(error)));
      req.end(payload);
    });

  it('answers every request without a 5xx, and every error as problem+json', async () => {
    expect(operations.length).toBeGreaterThan(50);
    for (const [index, operation] of operations.entries()) {
      await fc.assert(
        fc.asyncProperty(requests(operation, doc.components.schemas), async (request) => {
          const answer = await send(operation, request);
          figures.requests++;
          figures.byStatus.set(answer.status, (figures.byStatus.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500) figures.serverErrors++;
          const what = `${operation.method.toUpperCase()} ${operation.path}`;
          expect({ what, status: answer.status < 500 }).toEqual({ what, status: true });
          if (answer.status >= 400) expect({ what, type: answer.type }).toEqual({ what, type: expect.stringMatching(/^application\/problem\+json/) });
          // Records the run creates become targets of the commands that follow.
          if (answer.status < 300 && answer.body && typeof answer.body === 'object') remember(operation.path.split('/')[1], (answer.body as { id?: unknown }).id);
        }),
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    // Nothing reached Object.prototype (`__proto__`, `constructor.prototype` in bodies and queries).
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 180_000);

  it('leaves exactly the events of the commands answered 2xx in the log', async () => {
    const log: RecordedEvent[] = await t.app.get<EventStore>(EVENT_STORE).readAll();
    const byPosition = new Map(log.map((e) => [e.position, e]));
    const accepted = new Set(answers.filter((a) => a.status < 300).map((a) => a.correlationId));
    const refused = new Set(answers.filter((a) => a.status >= 300).map((a) => a.correlationId));

    // No refused request wrote anything (policies carry the correlation id of the command that caused them).
    const fromFuzz = log.filter((e) => e.metadata.correlationId.startsWith('fuzz-'));
    expect(fromFuzz.filter((e) => refused.has(e.metadata.correlationId)).map((e) => `${e.metadata.correlationId} ${e.type}`)).toEqual([]);
    expect(fromFuzz.every((e) => accepted.has(e.metadata.correlationId))).toBe(true);
    expect(log.every((e) => e.metadata.correlationId.startsWith('fuzz-') || e.metadata.correlationId.startsWith('setup-'))).toBe(true);

    // Every accepted command's answer points at its own last event: that record, that revision.
    const commandAnswers = answers.filter((a) => a.status < 300 && !a.operation.startsWith('GET'));
    const results = commandAnswers.flatMap((a) => {
      const body = a.body as { id?: string; revision?: number; position?: number; moved?: { id: string; revision: number; position: number }[] };
      return [...(typeof body?.position === 'number' && typeof body.revision === 'number' ? [body as { id: string; revision: number; position: number }] : []), ...(body?.moved ?? [])].map((r) => ({ answer: a, ...r }));
    });
    const wrong = results.filter(({ answer, id, revision, position }) => {
      const event = byPosition.get(position);
      return !event || !event.streamId.endsWith(`-${id}`) || event.revision !== revision || (!answer.replayed && !accepted.has(event.metadata.correlationId) && !event.metadata.correlationId.startsWith('setup-'));
    });
    expect(wrong.map(({ answer, id, revision, position }) => `${answer.operation} ${id}@${revision} #${position}`)).toEqual([]);

    // Per stream: revisions 0..n without gaps, and as many events as the accepted requests wrote to it.
    const counted = new Map<string, number>();
    const fromAccepted = new Map<string, number>();
    for (const event of log) {
      expect({ stream: event.streamId, revision: event.revision }).toEqual({ stream: event.streamId, revision: counted.get(event.streamId) ?? 0 });
      counted.set(event.streamId, (counted.get(event.streamId) ?? 0) + 1);
      if (accepted.has(event.metadata.correlationId) || event.metadata.correlationId.startsWith('setup-')) fromAccepted.set(event.streamId, (fromAccepted.get(event.streamId) ?? 0) + 1);
    }
    expect(fromAccepted).toEqual(counted);
    const appendedByAccepted = new Set(fromFuzz.map((e) => e.metadata.correlationId));
    const seconds = (Date.now() - figures.started) / 1000;
    process.stdout.write(
      `fuzz: ${operations.length} routes, ${figures.requests} requests in ${seconds.toFixed(1)} s, ${figures.serverErrors} answers 5xx; ` +
        `${accepted.size} answered 2xx (${commandAnswers.length} of them commands); ${appendedByAccepted.size} accepted requests appended ${fromFuzz.length} events to ${counted.size} streams; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...figures.byStatus].sort(([a], [b]) => a - b)))}\n`,
    );
    expect(figures.serverErrors).toBe(0);
    expect(appendedByAccepted.size).toBeGreaterThan(50); // the run really exercised successful commands
  });

  it('still serves normally afterwards', async () => {
    expectProblem(await t.http.get('/leads?limit=0'), 400, 'VALIDATION_FAILED');
    expect((await t.http.get('/health/ready').expect(200)).body.status).toBe('ready');
    await t.http.post('/leads').send(personLead()).expect(201);
  });
});
