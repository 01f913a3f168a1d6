import { isDeepStrictEqual } from 'node:util';
import { expectProblem } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const COMMANDS = [
  '/leads',
  '/leads/{id}/qualification',
  '/leads/{id}/stage',
  '/leads/{id}/reopening',
  '/leads/{id}/activities',
  '/leads/{id}/owner',
  '/leads/reassignments',
  '/customers',
  '/customers/{id}/profile',
  '/customers/{id}/credit-assessments',
  '/customers/{id}/contracts',
  '/customers/{id}/orders',
  '/customers/{id}/payments',
  '/customers/{id}/returns',
  '/customers/{id}/discounts',
  '/customers/{id}/identity-verifications',
  '/customers/{id}/class',
  '/complaints',
  '/complaints/{id}/acknowledgement',
  '/complaints/{id}/escalation',
  '/complaints/{id}/resolution',
  '/complaints/{id}/reopening',
  '/complaints/{id}/satisfaction',
];
const QUERIES = ['leads', 'customers', 'complaints'].flatMap((c) => [`/${c}/{id}/history`, `/${c}/{id}/state`]);

type Schema = { type?: string; enum?: string[]; maxLength?: number; minimum?: number; maximum?: number; pattern?: string; items?: Schema; required?: string[]; properties?: Record<string, Schema>; $ref?: string };

describe('platform: health and API documentation', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Record<string, string>> } };
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.destroy());
  const schema = (name: string): Schema => doc.components.schemas[name];
  const prop = (name: string, property: string): Schema => schema(name).properties![property];

  it('GET /health/live is 200', async () => {
    expect((await t.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready is 200 ready when the event store and the read store answer', async () => {
    expect((await t.http.get('/health/ready').expect(200)).body).toEqual({ status: 'ready', checks: { eventStore: 'up', readStore: 'up' } });
  });

  it('GET /docs-json is an OpenAPI 3 document listing every command and query', () => {
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of COMMANDS) expect({ path, post: doc.paths[path]?.post !== undefined }).toEqual({ path, post: true });
    for (const path of [...QUERIES, '/health/live', '/health/ready']) expect({ path, get: doc.paths[path]?.get !== undefined }).toEqual({ path, get: true });
    for (const path of COMMANDS) {
      const headers = (doc.paths[path].post.parameters as { name: string; in: string }[]).filter((p) => p.in === 'header').map((p) => p.name);
      expect({ path, headers }).toEqual({ path, headers: expect.arrayContaining(['Idempotency-Key', 'If-Match']) });
      // Who acts is the authenticated caller, never a header.
      expect({ path, headers }).toEqual({ path, headers: expect.not.arrayContaining(['X-Actor']) });
      expect(doc.paths[path].post.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/\w+RequestDto$/);
    }
  });

  it('declares the two ways to authenticate, and every route but the health probes requires one', () => {
    expect(doc.components.securitySchemes).toEqual({
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
    // Either scheme alone is enough: two alternatives, not one requirement naming both.
    const either = [{ 'api-key': [] }, { bearer: [] }];
    const open = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => !isDeepStrictEqual(operation.security, either))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(open.sort()).toEqual(['GET /health/live', 'GET /health/ready']);
  });

  it('every documented command route is served: an empty body is refused by the route (400, or 404 for the record), never ROUTE_NOT_FOUND', async () => {
    // Commands are the POST routes with an Idempotency-Key; operational ones (rebuilds) are tested elsewhere.
    const commands = Object.keys(doc.paths).filter((p) => (doc.paths[p].post?.parameters ?? []).some((h: { name: string }) => h.name === 'Idempotency-Key'));
    expect(commands.length).toBeGreaterThanOrEqual(COMMANDS.length);
    for (const path of commands) {
      const res = await t.http.post(path.replace('{id}', 'doc-check')).send({});
      expectProblem(res, res.status);
      const expected = res.status === 404 ? expect.stringMatching(/^(LEAD|CUSTOMER|COMPLAINT)_NOT_FOUND$/) : 'VALIDATION_FAILED';
      expect({ path, code: res.body.code }).toEqual({ path, code: expected });
    }
  });

  it('request schemas carry the validation rules the API enforces', () => {
    const capture = schema('CaptureLeadRequestDto');
    expect(capture.properties!.source.enum).toEqual(expect.arrayContaining(['referral', 'door_to_door', 'walk_in']));
    expect(capture.properties!.source.enum).toHaveLength(14);
    expect(capture.properties!.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(capture.required).toEqual(expect.arrayContaining(['kind', 'name', 'contacts', 'source', 'ownerId', 'teamId', 'consent']));
    expect(capture.required).not.toContain('id');
    expect(prop('CaptureLeadRequestDto', 'id').pattern).toEqual(expect.any(String));
    expect(prop('ContactsDto', 'phones').items).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(prop('ContactsDto', 'emails').items).toMatchObject({ format: 'email' });
    expect(prop('CreditScoresDto', 'character')).toMatchObject({ minimum: 1, maximum: 5 });
    expect(prop('RecordSatisfactionRequestDto', 'likelihoodToRecommend')).toMatchObject({ type: 'integer', minimum: 0, maximum: 10 });
    expect(prop('LogLeadActivityRequestDto', 'durationMinutes')).toMatchObject({ type: 'integer', maximum: 1440 });
    expect(prop('AdvanceLeadStageRequestDto', 'to').enum).toEqual(['D', 'C', 'B', 'A', 'won', 'lost']);
    expect(prop('ReopenLeadRequestDto', 'to').enum).toEqual(['D', 'C', 'B', 'A']);
    expect(prop('LogLeadActivityRequestDto', 'expectedRevision')).toMatchObject({ type: 'integer', minimum: -1 });
    // A nullable text field is a string, not an object.
    expect(prop('IndividualFactsDto', 'education')).toMatchObject({ type: 'string', maxLength: 1000 });
  });

  it('answers that say more than { id, revision, position } are documented with their own shape', () => {
    const answer = (path: string) => doc.paths[path].post.responses['200'].content['application/json'].schema.$ref;
    expect(answer('/leads/{id}/stage')).toBe('#/components/schemas/AdvanceLeadStageResponseDto');
    expect(schema('AdvanceLeadStageResponseDto').properties).toHaveProperty('customer');
    expect(answer('/leads/reassignments')).toBe('#/components/schemas/ReassignLeadsInBulkResponseDto');
    expect(Object.keys(schema('ReassignLeadsInBulkResponseDto').properties!)).toEqual(expect.arrayContaining(['id', 'position', 'moved', 'skipped']));
    expect(doc.paths['/leads'].post.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/CommandResponseDto');
  });

  it('GET /docs serves the HTML explorer', async () => {
    const res = await t.http.get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});
