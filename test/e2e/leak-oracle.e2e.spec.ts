import type { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { listen, SseClient } from '../support/sse-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The leak oracle. A world of records across owners, teams and complaint handlers, each with
 * distinctive ids, names, phone numbers, e-mail addresses and amounts; every role calls every route
 * the API documents (GET /docs-json: lists with each filter and each grouping, reports, histories,
 * states, the feeds, the bulk commands, commands on foreign records), and every answer's body and
 * headers are scanned for the values of records outside that caller's scope, as the README's role
 * table defines it. A value the request itself carried (an id in the path) is not a leak of the answer.
 * Besides values, an answer about a foreign record must be the answer about a record that exists
 * nowhere: otherwise its status tells that the record exists.
 */

type Role = 'sales_rep' | 'sales_manager' | 'service_agent' | 'analyst' | 'auditor' | 'admin';
interface Principal {
  readonly role: Role;
  readonly ownerId: string;
  readonly teamId?: string;
}

/** The callers walked, one per role. */
const CALLERS: Record<Role, Principal> = {
  sales_rep: { role: 'sales_rep', ownerId: 'rep-nora', teamId: 'north' },
  sales_manager: { role: 'sales_manager', ownerId: 'mgr-nils', teamId: 'north' },
  service_agent: { role: 'service_agent', ownerId: 'agent-ada' },
  analyst: { role: 'analyst', ownerId: 'analyst-ana' },
  auditor: { role: 'auditor', ownerId: 'auditor-aud' },
  admin: { role: 'admin', ownerId: 'admin-adm' },
};
/** Others who write in the world. */
const WRITERS: Record<string, Principal> = {
  nemo: { role: 'sales_rep', ownerId: 'rep-nemo', teamId: 'north' },
  sven: { role: 'sales_rep', ownerId: 'rep-sven', teamId: 'south' },
  bo: { role: 'service_agent', ownerId: 'agent-bo' },
};

type Kind = 'lead' | 'customer' | 'complaint';
interface WorldRecord {
  readonly kind: Kind;
  readonly id: string;
  readonly ownerId?: string;
  readonly teamId?: string;
  /** Name, phone, e-mail. */
  readonly personal: readonly string[];
  /** Expected amounts, order prices, payments. */
  readonly amounts: readonly number[];
}

const lead = (id: string, ownerId: string, teamId: string, name: string, phone: string, amount: number): WorldRecord => ({
  kind: 'lead',
  id,
  ownerId,
  teamId,
  personal: [name, phone, `${id.toLowerCase()}@leak.example`],
  amounts: [amount],
});
const cust = (id: string, ownerId: string, teamId: string, name: string, phone: string, amounts: number[]): WorldRecord => ({
  kind: 'customer',
  id,
  ownerId,
  teamId,
  personal: [name, phone, `${id.toLowerCase()}@leak.example`],
  amounts,
});

const W = {
  leadNora: lead('lkLeadNora', 'rep-nora', 'north', 'Norabel Leadfirst', '+8613100000101', 61001),
  leadNemo: lead('lkLeadNemo', 'rep-nemo', 'north', 'Nemorin Leadsecond', '+8613100000202', 62002),
  leadSven: lead('lkLeadSven', 'rep-sven', 'south', 'Svenja Leadthird', '+8613100000303', 63003),
  leadReferred: lead('lkLeadRuth', 'rep-sven', 'south', 'Ruthven Referred', '+8613100000404', 64004),
  custNora: cust('lkCustOlga', 'rep-nora', 'north', 'Olgarda Customerone', '+8613200000101', [71001, 72001]),
  custSven: cust('lkCustPavel', 'rep-sven', 'south', 'Pavelko Customertwo', '+8613200000202', [73003, 74003]),
  custQuiet: cust('lkCustQuentin', 'rep-sven', 'south', 'Quentor Quietthree', '+8613200000303', [75005]),
  /** Assigned to agent-ada by an admin. */
  compAssigned: { kind: 'complaint', id: 'lkCompAssigned', personal: [], amounts: [] } as WorldRecord,
  /** Logged by agent-bo, who named himself handler. */
  compSelfBo: { kind: 'complaint', id: 'lkCompSelfBo', personal: [], amounts: [] } as WorldRecord,
  /** Logged by agent-ada on a customer she may not see, naming herself handler (finding 1). */
  compSelfAda: { kind: 'complaint', id: 'lkCompSelfAda', personal: [], amounts: [] } as WorldRecord,
};
const RECORDS: readonly WorldRecord[] = Object.values(W);
const complaintCustomer: Record<string, WorldRecord> = { lkCompAssigned: W.custNora, lkCompSelfBo: W.custSven, lkCompSelfAda: W.custQuiet };

/**
 * What of a record a caller may see: all of it; all but its personal data (masked); that it exists
 * (its id); its id and contacts but no money; or nothing.
 */
type Sight = 'all' | 'masked' | 'id' | 'contacts' | 'none';

/** The role table of the README, stated again here so that a slip in the code shows. */
const sightOf = (caller: Principal, record: WorldRecord): Sight => {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
      return 'all';
    case 'analyst':
      // Every report, history and feed, with personal fields masked.
      return 'masked';
    case 'sales_manager':
      if (record.kind === 'complaint') return complaintCustomer[record.id].teamId === caller.teamId ? 'all' : 'none';
      return record.teamId === caller.teamId ? 'all' : 'none';
    case 'sales_rep':
      if (record.kind === 'complaint') return complaintCustomer[record.id].ownerId === caller.ownerId ? 'all' : 'none';
      return record.ownerId === caller.ownerId ? 'all' : 'none';
    case 'service_agent':
      // Every complaint; customers by id (a complaint names one); of a customer's file, the contacts to
      // call back, only where a complaint of theirs was assigned to them by someone else; no leads.
      if (record.kind === 'complaint') return 'all';
      if (record.kind === 'customer') return record === W.custNora ? 'contacts' : 'id';
      return 'none';
  }
};

/** The people (reps) a caller may see named in a report: managers their team's reps, reps themselves. */
const foreignPeople = (caller: Principal): string[] => {
  const reps = [CALLERS.sales_rep, WRITERS.nemo, WRITERS.sven];
  if (caller.role === 'sales_rep') return reps.filter((r) => r.ownerId !== caller.ownerId).map((r) => r.ownerId);
  if (caller.role === 'sales_manager') return reps.filter((r) => r.teamId !== caller.teamId).map((r) => r.ownerId);
  return [];
};

interface Secret {
  readonly value: string;
  readonly what: string;
  readonly pattern: RegExp;
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const textSecret = (value: string, what: string): Secret => ({ value, what, pattern: new RegExp(`(?<![A-Za-z0-9_-])${escape(value)}(?![A-Za-z0-9_-])`) });
const numberSecret = (value: number, what: string): Secret => ({ value: String(value), what, pattern: new RegExp(`(?<![\\d.])${value}(?![\\d])`) });

const secretsFor = (caller: Principal): Secret[] => {
  const secrets: Secret[] = [];
  for (const record of RECORDS) {
    const sight = sightOf(caller, record);
    if (sight === 'all') continue;
    if (sight === 'none') secrets.push(textSecret(record.id, `id of ${record.kind} ${record.id}`));
    if (sight !== 'contacts') for (const p of record.personal) secrets.push(textSecret(p, `personal data of ${record.kind} ${record.id}`));
    if (sight !== 'masked') for (const a of record.amounts) secrets.push(numberSecret(a, `amount of ${record.kind} ${record.id}`));
  }
  for (const person of foreignPeople(caller)) secrets.push(textSecret(person, `rep ${person} of another scope`));
  return secrets;
};

/** Query values to try for each list filter the API documents (besides every enum value and none at all). */
const FILTER_VALUES: Record<string, string[]> = {
  ownerId: ['rep-sven', 'rep-nemo', 'rep-nora'],
  teamId: ['south', 'north'],
  repId: ['rep-sven', 'rep-nemo'],
  customerId: [W.custSven.id, W.custQuiet.id, W.custNora.id],
  subjectId: [W.custSven.id, W.leadSven.id],
  userId: ['rep-sven'],
  q: ['Svenja', 'Pavelko', 'Quentor', '+8613200000303', 'Olgarda'],
  from: ['2000-01-01'],
  to: ['2100-01-01'],
  asOf: [new Date().toISOString()],
  knownAt: [new Date().toISOString()],
  idleDays: ['0'],
  safety: ['true'],
  limit: ['200'],
};
/** Parameters that select nothing about records. */
const IGNORED_PARAMS = new Set(['cursor', 'minPosition', 'revision', 'after', 'types', 'streamPrefix', 'rateD', 'rateC', 'rateB', 'rateA']);
const FIXED_PARAMS: Record<string, string> = { rewardId: 'lk-reward-none', keyId: 'lk-no-key', name: 'pipeline', type: 'LeadCaptured', version: '1' };
const PURPOSE = { 'X-Purpose': 'leak oracle' };

/** A valid-looking body per command, for the routes that take one (the rest get an empty body). */
const BODIES: Record<string, (caller: Principal) => Record<string, unknown>> = {
  'POST /leads/{id}/stage': () => ({ to: 'C' }),
  'POST /leads/{id}/activities': () => ({ activityId: 'lk-act-x', activityType: 'call', outcome: 'Reached' }),
  'POST /leads/{id}/qualification': () => ({ money: { has: true }, authority: { has: true }, need: { has: true } }),
  'POST /leads/{id}/owner': (c) => ({ toOwnerId: c.ownerId, toTeamId: c.teamId, reason: 'oracle' }),
  'POST /leads/reassignments': (c) => ({ fromOwnerId: 'rep-sven', toOwnerId: c.ownerId, toTeamId: c.teamId }),
  'POST /customers/{id}/payments': () => ({ paymentId: 'lk-pay-x', amount: 1, method: 'cash' }),
  'POST /customers/{id}/profile': () => ({ name: 'Renamed Person' }),
  'POST /complaints/{id}/acknowledgement': () => ({ note: 'On it' }),
};

describe('leak oracle: no answer holds a record outside the caller’s scope', () => {
  let t: TestApp;
  let baseUrl: string;
  const keys = {} as Record<string, string>;
  const agents = {} as Record<string, TestAgent>;
  let at = 0;

  const ok = (res: Response, what: string): Response => {
    if (res.status >= 300) throw new Error(`seeding ${what}: ${res.status} ${JSON.stringify(res.body)}`);
    at = Math.max(at, Number(res.body.position ?? 0));
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await listen(t.app);
    const supertest = (await import('supertest')).default;
    for (const [name, principal] of [...Object.entries(CALLERS), ...Object.entries(WRITERS)]) {
      const issued = await t.http.post('/api-keys').send({ role: principal.role, ownerId: principal.ownerId, ...(principal.teamId && { teamId: principal.teamId }), label: `oracle ${name}` }).expect(201);
      keys[name] = issued.body.key;
      agents[name] = supertest.agent(t.app.getHttpServer()).set('X-API-Key', issued.body.key).set(PURPOSE);
    }
    const admin = t.http;
    const captureLead = async (r: WorldRecord, referredBy?: { kind: string; id: string }) =>
      ok(
        await admin.post('/leads').send({
          id: r.id,
          kind: 'person',
          name: r.personal[0],
          contacts: { phones: [r.personal[1]], emails: [r.personal[2]] },
          source: referredBy ? 'referral' : 'telemarketing',
          ...(referredBy && { referredBy }),
          ownerId: r.ownerId,
          teamId: r.teamId,
          productInterest: ['crm-suite'],
          expectedAmount: r.amounts[0],
          consent: { purposes: ['sales_contact'] },
        }),
        `lead ${r.id}`,
      );
    const registerCustomer = async (r: WorldRecord) => {
      ok(
        await admin.post('/customers').send({
          id: r.id,
          kind: 'person',
          name: r.personal[0],
          contacts: { phones: [r.personal[1]], emails: [r.personal[2]] },
          ownerId: r.ownerId,
          teamId: r.teamId,
          consent: { purposes: ['sales_contact'] },
        }),
        `customer ${r.id}`,
      );
      const scores = { character: 5, capacity: 5, capital: 5, collateral: 5, conditions: 5 };
      ok(await admin.post(`/customers/${r.id}/credit-assessments`).send({ assessmentId: `${r.id}-ca`, scores, requestedLimit: 1_000_000 }), 'credit');
      ok(await admin.post(`/customers/${r.id}/orders`).send({ orderId: `${r.id}-o1`, items: [{ sku: 'SKU-1', description: 'Tea set', quantity: 1, unitPrice: r.amounts[0] }] }), 'order');
      if (r.amounts[1]) ok(await admin.post(`/customers/${r.id}/payments`).send({ paymentId: `${r.id}-p1`, orderId: `${r.id}-o1`, amount: r.amounts[1] - 1000, method: 'cash' }), 'payment');
    };
    await captureLead(W.leadNora);
    await captureLead(W.leadNemo);
    await captureLead(W.leadSven);
    await registerCustomer(W.custNora);
    await registerCustomer(W.custSven);
    await registerCustomer(W.custQuiet);
    await captureLead(W.leadReferred, { kind: 'customer', id: W.custSven.id });
    // Each lead's owner works it: activities per rep.
    ok(await agents.sales_rep.post(`/leads/${W.leadNora.id}/activities`).send({ activityId: 'lk-act-1', activityType: 'call', outcome: 'Reached' }), 'activity');
    ok(await agents.nemo.post(`/leads/${W.leadNemo.id}/activities`).send({ activityId: 'lk-act-2', activityType: 'visit', outcome: 'Met' }), 'activity');
    ok(await agents.sven.post(`/leads/${W.leadSven.id}/activities`).send({ activityId: 'lk-act-3', activityType: 'call', outcome: 'Reached' }), 'activity');
    ok(await agents.sven.post(`/leads/${W.leadReferred.id}/stage`).send({ to: 'C' }), 'stage');
    const complaintBody = (id: string, customerId: string, handlerId: string) => ({
      id,
      customerId,
      category: 'delivery',
      touchpoint: 'delivery',
      severity: 'high',
      channel: 'phone',
      description: 'Order arrived late',
      handlerId,
    });
    ok(await admin.post('/complaints').send(complaintBody(W.compAssigned.id, W.custNora.id, 'agent-ada')), 'assigned complaint');
    ok(await agents.bo.post('/complaints').send(complaintBody(W.compSelfBo.id, W.custSven.id, 'agent-bo')), 'self-assigned complaint');
    ok(await agents.bo.post(`/complaints/${W.compSelfBo.id}/resolution`).send({ resolution: 'Replaced' }), 'resolution');
    ok(await agents.bo.post(`/complaints/${W.compSelfBo.id}/satisfaction`).send({ expectedService: 4, perceivedService: 2, likelihoodToRecommend: 3, wouldBuyAgain: false }), 'satisfaction');
    // The attack of finding 1: naming herself handler of a complaint on a customer she may not see.
    const attack = await agents.service_agent.post('/complaints').send(complaintBody(W.compSelfAda.id, W.custQuiet.id, 'agent-ada'));
    if (attack.status < 300) at = Math.max(at, attack.body.position);
    for (const list of ['/complaints', '/customers', '/leads']) await admin.get(`${list}?minPosition=${at}`).expect(200);
  }, 60_000);

  afterAll(async () => {
    await t?.destroy();
  });

  interface Call {
    readonly method: string;
    readonly path: string;
    readonly body?: unknown;
  }

  const send = async (caller: Role, call: Call): Promise<{ status: number; code?: string; text: string }> => {
    if (call.path.startsWith('/events/stream')) {
      const client = SseClient.open(baseUrl, call.path, { 'X-API-Key': keys[caller], ...PURPOSE });
      try {
        await client.until('a status', () => client.status !== 0, 10_000);
        if (client.status === 200) await client.until('the backlog', () => client.frames.length > 20 || client.ended !== null, 1_500).catch(() => undefined);
        return { status: client.status, text: JSON.stringify(client.headers) + JSON.stringify(client.frames) + JSON.stringify(client.comments) };
      } finally {
        client.close();
      }
    }
    const req = (agents[caller] as any)[call.method.toLowerCase()](call.path) as ReturnType<TestAgent['get']>;
    const res = await (call.body === undefined ? req : req.send(call.body as object));
    return { status: res.status, code: res.body?.code, text: JSON.stringify(res.headers) + (res.text ?? '') };
  };

  /** Every call of a documented route a caller makes: each id of the world, each filter value, each grouping. */
  const callsOf = (docs: { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: { enum?: string[] } }[] }>> }, caller: Principal): Call[] => {
    const calls: Call[] = [];
    for (const [template, ops] of Object.entries(docs.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const method = m.toUpperCase();
        const route = `${method} ${template}`;
        // Writes that change no record, or the whole store: not the question here.
        if (/^(POST|DELETE) \/(api-keys|webhooks|projections|subjects)/.test(route)) continue;
        if (method === 'POST' && (route === 'POST /leads' || route === 'POST /customers' || route === 'POST /complaints')) continue; // creations: see below
        const collection = (['leads', 'customers', 'complaints'] as const).find((c) => template.startsWith(`/${c}/{id}`));
        const kind = collection?.slice(0, -1) as Kind | undefined;
        let ids: (string | undefined)[] = kind ? RECORDS.filter((r) => r.kind === kind).map((r) => r.id).concat(`lk-nowhere-${kind}-${caller.role}`) : [undefined];
        // A command runs only on records the caller may not see (it is refused, so the world stays as built).
        if (method !== 'GET' && kind) ids = ids.filter((id) => !RECORDS.some((r) => r.id === id) || sightOf(caller, RECORDS.find((r) => r.id === id)!) !== 'all');
        const queries: string[] = [''];
        const params = (op.parameters ?? []).filter((p) => p.in === 'query');
        if (method === 'GET') {
          for (const p of params) {
            if (IGNORED_PARAMS.has(p.name)) continue;
            const values = p.schema?.enum ?? FILTER_VALUES[p.name] ?? [];
            for (const v of values) queries.push(`${p.name}=${encodeURIComponent(v)}`);
          }
        }
        // Read after the whole world is applied.
        const wait = params.some((p) => p.name === 'minPosition') ? [`minPosition=${at}`] : [];
        for (const id of ids) {
          const path = template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? id! : (FIXED_PARAMS[name] ?? `lk-${name}`)));
          for (const q of queries) {
            const query = [q, ...wait].filter(Boolean).join('&');
            calls.push({ method, path: query ? `${path}?${query}` : path, body: method === 'GET' || method === 'DELETE' ? undefined : (BODIES[route]?.(caller) ?? {}) });
          }
        }
      }
    }
    // Creating a record with the id of one the caller may not see, with a fresh one beside it.
    const creations: Call[] = [];
    for (const kind of ['lead', 'customer'] as const) {
      for (const r of RECORDS.filter((x) => x.kind === kind).concat({ kind, id: `lk-nowhere-${kind}-new-${caller.role}`, personal: [], amounts: [] })) {
        const known = RECORDS.includes(r);
        if (known && sightOf(caller, r) === 'all') continue;
        const body = {
          id: r.id,
          kind: 'person',
          name: 'Someone New',
          contacts: { phones: ['+8619999999999'], emails: [] },
          ownerId: caller.ownerId,
          teamId: caller.teamId ?? 'north',
          consent: { purposes: ['sales_contact'] },
          ...(kind === 'lead' && { source: 'telemarketing' }),
        };
        creations.push({ method: 'POST', path: kind === 'lead' ? '/leads' : '/customers', body });
      }
    }
    return calls.concat(creations);
  };

  it('finds no id, name, phone, e-mail, amount or rep of a foreign record in any answer, and no answer tells a foreign record exists', async () => {
    const started = Date.now();
    const docs = (await t.anonymous.get('/docs-json').expect(200)).body;
    const hits: string[] = [];
    const tells: string[] = [];
    let count = 0;
    for (const role of Object.keys(CALLERS) as Role[]) {
      const caller = CALLERS[role];
      const secrets = secretsFor(caller);
      const foreignIds = new Set(RECORDS.filter((r) => sightOf(caller, r) === 'none').map((r) => r.id));
      const answers = new Map<string, { path: string; status: number; code?: string; nowhere: boolean }[]>();
      for (const call of callsOf(docs, caller)) {
        const answer = await send(role, call);
        count += 1;
        const asked = call.path + JSON.stringify(call.body ?? '');
        for (const s of secrets) {
          if (s.pattern.test(answer.text) && !s.pattern.test(decodeURIComponent(asked))) {
            const match = answer.text.match(new RegExp(`.{0,80}${escape(s.value)}.{0,80}`))?.[0];
            hits.push(`${call.method} ${call.path} as ${role}: ${s.what} (${s.value}) in …${match}…`);
          }
        }
        // The same call naming a foreign record and naming one that exists nowhere: the same status and code.
        const nowhere = asked.includes('lk-nowhere-');
        if (nowhere || [...foreignIds].some((id) => asked.includes(id))) {
          const key = `${call.method} ${asked.replace(/lk-nowhere-[a-z_-]+|lk[A-Z][A-Za-z]+/g, '<id>')}`;
          answers.set(key, [...(answers.get(key) ?? []), { path: `${call.path} ${call.body ? JSON.stringify(call.body).slice(0, 40) : ''}`, status: answer.status, code: answer.code, nowhere }]);
        }
      }
      for (const group of answers.values()) {
        const reference = group.find((a) => a.nowhere);
        if (!reference) continue;
        for (const a of group) {
          if (a.status !== reference.status || a.code !== reference.code) {
            tells.push(`${a.path} as ${role}: ${a.status} ${a.code ?? ''} where a record that exists nowhere gets ${reference.status} ${reference.code ?? ''}`);
          }
        }
      }
    }
    const report = [...new Set(hits)].concat([...new Set(tells)]);
    if (report.length) console.log(`leak oracle: ${count} calls, ${report.length} findings:\n${report.join('\n')}`);
    expect(count).toBeGreaterThan(500);
    expect(report).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('a complaint must name an existing customer, and naming oneself handler opens no customer file', async () => {
    const agent = agents.service_agent;
    const ghost = await agent.post('/complaints').send({ customerId: 'lk-no-such-customer', category: 'delivery', touchpoint: 'delivery', severity: 'low', channel: 'phone', description: 'x' });
    expect(ghost.status).toBe(404);
    expect(ghost.body.code).toBe('CUSTOMER_NOT_FOUND');
    // Before and after her own complaint on it, the file stays closed to her.
    expect((await agent.get(`/customers/${W.custQuiet.id}?minPosition=${at}`)).status).toBe(404);
    expect((await agent.get(`/customers/${W.custQuiet.id}/history`)).status).toBe(404);
    // The file of a complaint assigned to her by an admin: the name and contacts to call back, the complaints, no money.
    const file = await agent.get(`/customers/${W.custNora.id}?minPosition=${at}`).expect(200);
    expect(file.text).toContain(W.custNora.personal[0]);
    expect(file.text).toContain(W.compAssigned.id);
    // Naming someone else handler is an assignment she may not make.
    const other = await agent.post('/complaints').send({ customerId: W.custNora.id, category: 'delivery', touchpoint: 'delivery', severity: 'low', channel: 'phone', description: 'x', handlerId: 'agent-bo' });
    expect(other.status).toBe(403);
    expect(other.body.errors.map((e: { field: string }) => e.field)).toEqual(['handlerId']);
  });
});
