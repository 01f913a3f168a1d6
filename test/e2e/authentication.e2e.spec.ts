import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, JWK, JWTPayload, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { JwtVerifier } from '../../apps/api/src/security/jwt-verifier';
import { personLead } from '../support/fixtures';
import { expectProblem, history, uid } from '../support/e2e';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/test-app';

const SECRET = 'a-shared-secret-for-tests-0123456789abcdef';
const ISSUER = 'https://id.example.test/';
const AUDIENCE = 'lead-to-customer';
const JWT_ENV = { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE };
const MAN = { money: { has: true }, authority: { has: true }, need: { has: true } };
const activity = () => ({ activityId: uid('act'), activityType: 'call', outcome: 'Reached the buyer' });

interface TokenOptions {
  readonly key?: Uint8Array | KeyLike;
  readonly alg?: string;
  readonly kid?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds since the epoch. */
  readonly expiresAt?: number;
  /** Seconds since the epoch; default now. */
  readonly issuedAt?: number;
}

/** A token as the identity provider would sign it: HS256 with the shared secret unless told otherwise. */
const token = (claims: JWTPayload, { key = new TextEncoder().encode(SECRET), alg = 'HS256', kid, issuer = ISSUER, audience = AUDIENCE, expiresAt, issuedAt }: TokenOptions = {}): Promise<string> =>
  new SignJWT(claims)
    .setProtectedHeader({ alg, ...(kid && { kid }) })
    .setIssuedAt(issuedAt)
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime(expiresAt ?? '5m')
    .sign(key);

const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });

/** A JSON Web Key Set served over HTTP on 127.0.0.1, as an identity provider publishes it. */
const serveJwks = async (answer: () => { status: number; body: unknown }): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> => {
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests++;
    const { status, body } = answer();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const rsaKey = async (kid: string): Promise<{ privateKey: KeyLike; jwk: JWK }> => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
};

/** Runs `start` and returns what it wrote on stdout meanwhile (kept out of the test output). */
const capturingStdout = async <T>(start: () => Promise<T>): Promise<{ value: T; printed: string }> => {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write);
  try {
    const value = await start();
    return { value, printed: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
};

/** Every byte under DATA_DIR (the log, the read models, the idempotency records, WAL files included). */
const everythingStoredIn = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');

describe('authentication: API keys and bearer tokens', () => {
  describe('without credentials', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp()));
    afterAll(() => t.destroy());

    it('a protected route is 401 problem+json with a WWW-Authenticate challenge, and nothing is written', async () => {
      const id = uid('lead');
      const res = await t.anonymous.post('/leads').send(personLead({ id }));
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toMatch(/Bearer/);
      expect(res.headers['www-authenticate']).toMatch(/X-API-Key/);
      expectProblem(await t.http.get(`/leads/${id}/history`), 404, 'LEAD_NOT_FOUND');
    });

    it('the health probes and the API documentation need none', async () => {
      await t.anonymous.get('/health/live').expect(200);
      await t.anonymous.get('/health/ready').expect(200);
      expect((await t.anonymous.get('/docs-json').expect(200)).body.openapi).toMatch(/^3\./);
    });

    it('every documented route but the health probes is 401 without credentials (fail closed)', async () => {
      const doc = (await t.anonymous.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
      const answers: string[] = [];
      for (const [path, operations] of Object.entries(doc.paths)) {
        if (path.startsWith('/health/')) continue;
        for (const method of Object.keys(operations) as ('get' | 'post' | 'delete')[]) {
          const res = await t.anonymous[method](path.replace(/\{\w+\}/g, 'doc-check')).send(method === 'get' ? undefined : {});
          answers.push(`${method.toUpperCase()} ${path} ${res.status} ${res.body?.code}`);
        }
      }
      expect(answers.length).toBeGreaterThan(40);
      expect(answers.filter((a) => !a.endsWith(' 401 UNAUTHENTICATED'))).toEqual([]);
    });

    it('an empty X-API-Key or a non-bearer Authorization is 401', async () => {
      expectProblem(await t.anonymous.get('/leads').set('X-API-Key', '  '), 401, 'UNAUTHENTICATED');
      expectProblem(await t.anonymous.get('/leads').set('Authorization', `Basic ${Buffer.from('admin:admin').toString('base64')}`), 401, 'UNAUTHENTICATED');
    });

    it('bearer tokens are refused (401) when the deployment accepts none', async () => {
      expectProblem(await t.anonymous.get('/leads').set(bearer(await token({ sub: 'u-1', role: 'admin' }))), 401, 'UNAUTHENTICATED');
    });
  });

  describe('API keys', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp()));
    afterAll(() => t.destroy());

    const issue = async (body: Record<string, unknown>) => (await t.http.post('/api-keys').send({ label: 'test', ...body }).expect(201)).body as { id: string; key: string; revision: number; position: number };
    const log = () => t.app.get<EventStore>(EVENT_STORE).readAll();

    it('a malformed, unknown or wrong key is 401', async () => {
      const { id } = await issue({ role: 'analyst' });
      const secret = 'A'.repeat(43);
      for (const key of ['not-a-key', `l2c_no-such-key_${secret}`, `l2c_${id}_${secret}`, `${TEST_ADMIN_KEY}x`, TEST_ADMIN_KEY.slice(0, -1)]) {
        const res = await t.anonymous.get('/reports/funnel').set('X-API-Key', key);
        expectProblem(res, 401, 'UNAUTHENTICATED');
        expect(res.headers['www-authenticate']).toMatch(/X-API-Key/);
      }
    });

    it('both X-API-Key and Authorization is 401, even when each alone would be accepted', async () => {
      const jwtApp = await startTestApp({ env: JWT_ENV });
      try {
        const jwt = await token({ sub: 'u-1', role: 'admin' });
        await jwtApp.anonymous.get('/leads').set(bearer(jwt)).expect(200);
        await jwtApp.anonymous.get('/leads').set('X-API-Key', TEST_ADMIN_KEY).expect(200);
        expectProblem(await jwtApp.anonymous.get('/leads').set(bearer(jwt)).set('X-API-Key', TEST_ADMIN_KEY), 401, 'UNAUTHENTICATED');
      } finally {
        await jwtApp.destroy();
      }
    });

    it('a role not allowed on a route is 403 FORBIDDEN, and nothing is written', async () => {
      const analyst = await t.as({ role: 'analyst' });
      const id = uid('lead');
      const res = await analyst.post('/leads').send(personLead({ id }));
      expectProblem(res, 403, 'FORBIDDEN');
      expect(res.body.detail).toContain('analyst');
      expectProblem(await t.http.get(`/leads/${id}/history`), 404, 'LEAD_NOT_FOUND');
      // What the role may do, it can.
      await analyst.get('/reports/funnel').expect(200);
    });

    it('issuing answers the key once; the log, the read models and the idempotency records hold only a hash of its secret', async () => {
      const idempotencyKey = uid('issue');
      const body = { role: 'sales_rep', teamId: 'team-east', ownerId: 'rep-77', label: 'CRM sync' };
      const issued = await t.http.post('/api-keys').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
      const { id, key } = issued.body;
      expect(issued.body).toEqual({ id, key: expect.stringMatching(new RegExp(`^l2c_${id}_[A-Za-z0-9_-]{43}$`)), revision: 0, position: expect.any(Number) });
      const secret = key.slice(`l2c_${id}_`.length);

      // The key works, as the owner it was issued for.
      // Only admins choose record ids: the server makes this one.
      const lead: string = (await t.anonymous.post('/leads').set('X-API-Key', key).send(personLead({ ownerId: 'rep-77', teamId: 'team-east' })).expect(201)).body.id;
      expect((await history(t.http, 'leads', lead)).map((e) => e.actor)).toEqual(['rep-77']);

      const events = await log();
      const issuedEvent = events.find((e) => e.type === 'ApiKeyIssued' && e.streamId === `apikey-${id}`)!;
      expect(issuedEvent).toMatchObject({
        data: { keyId: id, role: 'sales_rep', teamId: 'team-east', ownerId: 'rep-77', label: 'CRM sync', secretHash: createHash('sha256').update(secret).digest('hex') },
        metadata: { actor: 'api-key:bootstrap' },
      });
      expect(JSON.stringify(events)).not.toContain(secret);
      expect(everythingStoredIn(t.dataDir)).not.toContain(secret);

      // A retry with the same Idempotency-Key does not show the key again.
      const replay = await t.http.post('/api-keys').set('Idempotency-Key', idempotencyKey).send(body).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual({ ...issued.body, key: null });
    });

    it('the list shows every key with its role, team, owner and issuer, never the key or its hash', async () => {
      const { id, key } = await issue({ role: 'auditor', ownerId: 'aud-1', label: 'quarterly audit' });
      const res = await t.http.get('/api-keys').expect(200);
      const listed = res.body.items.find((k: { keyId: string }) => k.keyId === id);
      expect(listed).toEqual({ keyId: id, role: 'auditor', teamId: null, ownerId: 'aud-1', label: 'quarterly audit', issuedAt: expect.any(String), issuedBy: 'api-key:bootstrap', revoked: false, revokedAt: null });
      expect(res.text).not.toContain(key.slice(-43));
      expect(res.text).not.toContain('secretHash');
    });

    it('revocation takes effect at once; revoking again is 200 and changes nothing; an unknown key is 404', async () => {
      const { id, key } = await issue({ role: 'analyst' });
      await t.anonymous.get('/reports/funnel').set('X-API-Key', key).expect(200);

      const revoked = await t.http.delete(`/api-keys/${id}`).expect(200);
      expect(revoked.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expectProblem(await t.anonymous.get('/reports/funnel').set('X-API-Key', key), 401, 'UNAUTHENTICATED');

      const again = await t.http.delete(`/api-keys/${id}`).expect(200);
      expect(again.body).toMatchObject({ id, revision: 1 });
      expect((await log()).filter((e) => e.streamId === `apikey-${id}`).map((e) => e.type)).toEqual(['ApiKeyIssued', 'ApiKeyRevoked']);
      expect((await t.http.get('/api-keys').expect(200)).body.items.find((k: { keyId: string }) => k.keyId === id)).toMatchObject({ revoked: true, revokedAt: expect.any(String) });

      expectProblem(await t.http.delete(`/api-keys/${uid('nokey')}`), 404, 'API_KEY_NOT_FOUND');
    });

    it('only an admin may issue, list or revoke keys: other roles are 403 and the key stays valid', async () => {
      const { id, key } = await issue({ role: 'analyst' });
      for (const role of ['sales_manager', 'analyst', 'auditor'] as const) {
        const caller = await t.as({ role, teamId: 'team-east' });
        expectProblem(await caller.post('/api-keys').send({ role: 'admin', label: 'escalation' }), 403, 'FORBIDDEN');
        expectProblem(await caller.get('/api-keys'), 403, 'FORBIDDEN');
        expectProblem(await caller.delete(`/api-keys/${id}`), 403, 'FORBIDDEN');
      }
      await t.anonymous.get('/reports/funnel').set('X-API-Key', key).expect(200);
    });

    it('a bad request to issue a key is 400 naming the field', async () => {
      const res = await t.http.post('/api-keys').send({ role: 'superuser', label: 'x' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['role']);
    });

    it('an X-Actor header names nobody: the events record the authenticated caller', async () => {
      const id = uid('lead');
      await t.http.post('/leads').set('X-Actor', 'someone-else').send(personLead({ id })).expect(201);
      await t.http.post(`/leads/${id}/activities`).set('X-Actor', 'someone-else').send(activity()).expect(201);
      expect((await history(t.http, 'leads', id)).map((e) => e.actor)).toEqual(['api-key:bootstrap', 'api-key:bootstrap']);
    });
  });

  describe('bearer JWTs signed with a shared secret', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ env: JWT_ENV })));
    afterAll(() => t.destroy());

    it('a valid token acts as its subject: the user id is the actor of the events it causes', async () => {
      const jwt = await token({ sub: 'u-42', role: 'sales_rep', team: 'team-north' });
      const id: string = (await t.anonymous.post('/leads').set(bearer(jwt)).send(personLead({ ownerId: 'u-42', teamId: 'team-north' })).expect(201)).body.id;
      await t.anonymous.post(`/leads/${id}/qualification`).set(bearer(jwt)).send(MAN).expect(200);
      expect((await history(t.http, 'leads', id)).map((e) => e.actor)).toEqual(['u-42', 'u-42']);
      expect(await t.app.get(JwtVerifier).verify(jwt)).toEqual({ principal: { id: 'u-42', role: 'sales_rep', team: 'team-north', via: 'jwt' } });
    });

    it('the role comes from the token: an analyst token may read reports but not capture leads', async () => {
      const jwt = await token({ sub: 'ana-1', role: 'analyst' });
      await t.anonymous.get('/reports/funnel').set(bearer(jwt)).expect(200);
      expectProblem(await t.anonymous.post('/leads').set(bearer(jwt)).send(personLead({ id: uid('lead') })), 403, 'FORBIDDEN');
    });

    it.each<[string, () => Promise<string>]>([
      ['expired', () => token({ sub: 'u-1', role: 'admin' }, { expiresAt: Math.floor(Date.now() / 1000) - 120 })],
      ['of another issuer', () => token({ sub: 'u-1', role: 'admin' }, { issuer: 'https://evil.example.test/' })],
      ['for another audience', () => token({ sub: 'u-1', role: 'admin' }, { audience: 'another-api' })],
      ['signed with another secret', () => token({ sub: 'u-1', role: 'admin' }, { key: new TextEncoder().encode(`${SECRET}-but-another-one`) })],
      ['unsigned (alg none)', async () => new UnsecuredJWT({ sub: 'u-1', role: 'admin' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').encode()],
      ['without a subject', () => token({ role: 'admin' })],
      ['with an empty subject', () => token({ sub: '', role: 'admin' })],
      ['altered after signing (role changed)', async () => {
        const [header, , signature] = (await token({ sub: 'u-1', role: 'analyst' })).split('.');
        const payload = Buffer.from(JSON.stringify({ sub: 'u-1', role: 'admin', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      }],
      ['not a token at all', async () => 'garbage'],
      // Time: a token must expire, and must not come from the future (30 s of clock skew are tolerated).
      ['without an expiry (exp)', () => new SignJWT({ sub: 'u-1', role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setIssuer(ISSUER).setAudience(AUDIENCE).sign(new TextEncoder().encode(SECRET))],
      ['issued in the future (iat an hour ahead)', () => token({ sub: 'u-1', role: 'admin' }, { issuedAt: Math.floor(Date.now() / 1000) + 3_600, expiresAt: Math.floor(Date.now() / 1000) + 7_200 })],
      ['not valid before a time to come (nbf)', () => token({ sub: 'u-1', role: 'admin', nbf: Math.floor(Date.now() / 1000) + 600 })],
      ['with a user id over 200 characters', () => token({ sub: 'u'.repeat(201), role: 'admin' })],
      ['with a control character in the user id', () => token({ sub: 'u-1\nrole=admin', role: 'admin' })],
      ['with a control character in the team', () => token({ sub: 'u-1', role: 'sales_rep', team: 'north\u0000' })],
    ])('a token %s is 401', async (_label, make) => {
      const res = await t.anonymous.get('/leads').set(bearer(await make()));
      expectProblem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toMatch(/Bearer/);
    });

    it('within the tolerated clock skew and limits, a token is accepted', async () => {
      await t.anonymous.get('/leads').set(bearer(await token({ sub: 'u'.repeat(200), role: 'admin' }, { issuedAt: Math.floor(Date.now() / 1000) + 20 }))).expect(200);
    });

    it('a valid token with a role this API does not know is 403', async () => {
      expectProblem(await t.anonymous.get('/leads').set(bearer(await token({ sub: 'u-1', role: 'superuser' }))), 403, 'FORBIDDEN');
      expectProblem(await t.anonymous.get('/leads').set(bearer(await token({ sub: 'u-1' }))), 403, 'FORBIDDEN');
    });

    it('API keys keep working beside bearer tokens', async () => {
      await t.http.get('/leads').expect(200);
    });
  });

  describe('bearer JWTs verified with the identity provider key set (JWKS)', () => {
    let idp: Awaited<ReturnType<typeof serveJwks>>;
    let t: TestApp;
    let signing: Awaited<ReturnType<typeof rsaKey>>;
    beforeAll(async () => {
      signing = await rsaKey('key-1');
      idp = await serveJwks(() => ({ status: 200, body: { keys: [signing.jwk] } }));
      t = await startTestApp({ env: { AUTH_JWKS_URL: idp.url, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE } });
    });
    afterAll(async () => {
      await t.destroy();
      await idp.close();
    });

    it('accepts a token signed with the published key, fetching the key set once', async () => {
      const jwt = await token({ sub: 'mgr-1', role: 'sales_manager', team: 'team-west' }, { key: signing.privateKey, alg: 'RS256', kid: 'key-1' });
      const id: string = (await t.anonymous.post('/leads').set(bearer(jwt)).send(personLead({ ownerId: 'rep-3', teamId: 'team-west' })).expect(201)).body.id;
      await t.anonymous.get('/leads').set(bearer(jwt)).expect(200);
      expect((await history(t.http, 'leads', id))[0].actor).toBe('mgr-1');
      expect(await t.app.get(JwtVerifier).verify(jwt)).toEqual({ principal: { id: 'mgr-1', role: 'sales_manager', team: 'team-west', via: 'jwt' } });
      expect(idp.requests()).toBe(1);
    });

    it('refuses a token signed with another key, under the published key id or another one (401)', async () => {
      const other = await rsaKey('key-1');
      for (const kid of ['key-1', 'key-2']) {
        const jwt = await token({ sub: 'u-1', role: 'admin' }, { key: other.privateKey, alg: 'RS256', kid });
        expectProblem(await t.anonymous.get('/leads').set(bearer(jwt)), 401, 'UNAUTHENTICATED');
      }
    });

    it('refuses an HMAC token (an attacker cannot switch to a shared-secret algorithm) (401)', async () => {
      const jwt = await token({ sub: 'u-1', role: 'admin' }, { key: new TextEncoder().encode(JSON.stringify(signing.jwk)), alg: 'HS256', kid: 'key-1' });
      expectProblem(await t.anonymous.get('/leads').set(bearer(jwt)), 401, 'UNAUTHENTICATED');
    });

    it('is 503 IDENTITY_PROVIDER_UNAVAILABLE (with Retry-After) when the key set cannot be fetched, and API keys still work', async () => {
      const gone = await serveJwks(() => ({ status: 200, body: { keys: [] } }));
      await gone.close();
      const offline = await startTestApp({ env: { AUTH_JWKS_URL: gone.url, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE } });
      try {
        const jwt = await token({ sub: 'u-1', role: 'admin' }, { key: signing.privateKey, alg: 'RS256', kid: 'key-1' });
        const res = await offline.anonymous.get('/leads').set(bearer(jwt));
        expectProblem(res, 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
        expect(res.headers['retry-after']).toEqual(expect.any(String));
        await offline.http.get('/leads').expect(200);
      } finally {
        await offline.destroy();
      }
    });

    it('is 503 IDENTITY_PROVIDER_UNAVAILABLE while the identity provider answers an error or no key set; accepted once it recovers', async () => {
      let answer: { status: number; body: unknown } = { status: 503, body: { error: 'maintenance' } };
      const failing = await serveJwks(() => answer);
      const broken = await startTestApp({ env: { AUTH_JWKS_URL: failing.url, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE } });
      try {
        const jwt = await token({ sub: 'u-1', role: 'admin' }, { key: signing.privateKey, alg: 'RS256', kid: 'key-1' });
        expectProblem(await broken.anonymous.get('/leads').set(bearer(jwt)), 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
        answer = { status: 200, body: { keys: 'not a key set' } };
        expectProblem(await broken.anonymous.get('/leads').set(bearer(jwt)), 503, 'IDENTITY_PROVIDER_UNAVAILABLE');
        answer = { status: 200, body: { keys: [signing.jwk] } };
        await broken.anonymous.get('/leads').set(bearer(jwt)).expect(200);
        expect(failing.requests()).toBe(3);
      } finally {
        await broken.destroy();
        await failing.close();
      }
    });
  });

  describe('custom claim names (AUTH_USER_CLAIM, AUTH_ROLE_CLAIM, AUTH_TEAM_CLAIM)', () => {
    const ROLE_CLAIM = 'https://crm.example.test/role';
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp({ env: { ...JWT_ENV, AUTH_USER_CLAIM: 'uid', AUTH_ROLE_CLAIM: ROLE_CLAIM, AUTH_TEAM_CLAIM: 'grp' } })));
    afterAll(() => t.destroy());

    it('reads the user, role and team from the configured claims', async () => {
      const jwt = await token({ sub: 'ignored', uid: 'emp-7', [ROLE_CLAIM]: 'sales_manager', grp: 'team-south', role: 'analyst' });
      expect(await t.app.get(JwtVerifier).verify(jwt)).toEqual({ principal: { id: 'emp-7', role: 'sales_manager', team: 'team-south', via: 'jwt' } });
      const id: string = (await t.anonymous.post('/leads').set(bearer(jwt)).send(personLead({ ownerId: 'rep-9', teamId: 'team-south' })).expect(201)).body.id;
      expect((await history(t.http, 'leads', id))[0].actor).toBe('emp-7');
    });

    it('the default claim names no longer count', async () => {
      expectProblem(await t.anonymous.get('/leads').set(bearer(await token({ sub: 'u-1', role: 'admin' }))), 401, 'UNAUTHENTICATED');
      expectProblem(await t.anonymous.get('/leads').set(bearer(await token({ uid: 'u-1', role: 'admin' }))), 403, 'FORBIDDEN');
    });
  });

  describe('first start without BOOTSTRAP_ADMIN_KEY', () => {
    /** An empty BOOTSTRAP_ADMIN_KEY counts as unset. */
    const startCapturingStdout = async (dataDir?: string): Promise<{ app: TestApp; printed: string }> => {
      const { value, printed } = await capturingStdout(() => startTestApp({ dataDir, env: { BOOTSTRAP_ADMIN_KEY: '' } }));
      return { app: value, printed };
    };

    it('prints an admin key once; it works as admin, also after a restart, which prints nothing new', async () => {
      const first = await startCapturingStdout();
      let second: TestApp | undefined;
      try {
        const key = /X-API-Key: (\S+)/.exec(first.printed)?.[1];
        expect(key).toMatch(/^l2c_first-admin_[A-Za-z0-9_-]{43}$/);
        // No environment key here: the test key is refused, the printed one is an admin.
        expectProblem(await first.app.http.get('/api-keys'), 401, 'UNAUTHENTICATED');
        const listed = await first.app.anonymous.get('/api-keys').set('X-API-Key', key!).expect(200);
        expect(listed.body.items).toEqual([expect.objectContaining({ keyId: 'first-admin', role: 'admin', ownerId: null, issuedBy: 'system:first-start', revoked: false })]);
        await first.app.anonymous.post('/api-keys').set('X-API-Key', key!).send({ role: 'analyst', label: 'reporting' }).expect(201);
        await first.app.close();

        const restarted = await startCapturingStdout(first.app.dataDir);
        second = restarted.app;
        expect(restarted.printed).not.toMatch(/X-API-Key|l2c_/);
        await second.anonymous.get('/api-keys').set('X-API-Key', key!).expect(200);
        const issued = (await second.app.get<EventStore>(EVENT_STORE).readAll()).filter((e) => e.type === 'ApiKeyIssued');
        expect(issued.map((e) => e.streamId)).toEqual(['apikey-first-admin', expect.stringMatching(/^apikey-/)]);
      } finally {
        await first.app.close();
        await (second ?? first.app).destroy();
      }
    });

    it('with BOOTSTRAP_ADMIN_KEY set, nothing is printed nor issued', async () => {
      const { value: t, printed } = await capturingStdout(() => startTestApp());
      try {
        expect(printed).not.toMatch(/X-API-Key|l2c_/);
        expect(await t.app.get<EventStore>(EVENT_STORE).readAll()).toEqual([]);
      } finally {
        await t.destroy();
      }
    });
  });
});
