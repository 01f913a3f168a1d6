import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Response } from 'supertest';
import { ProjectionRunner } from '@app/projection-engine';
import { DOCUMENT_STORE, DocumentStore } from '@app/read-store';
import { runCliIn } from '../../apps/cli/src/testing/run-cli';
import { complaint, customer, organisationLead, personLead } from '../support/fixtures';
import { eventually, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

/*
 * The proof that erasure leaves nothing behind. People are recorded with a unique canary string in
 * every personal field (name, phones, e-mails, address, WeChat, notes, evidence, profile facts,
 * document number, complaint and satisfaction comments, a consent-withdrawal note); then they are
 * erased through POST /subjects/{id}/erasure and every read model is rebuilt from the log. After
 * that, no canary may be found anywhere: in any read-model document, in any API answer, in any
 * export, or in any byte of any file under DATA_DIR (WAL and shared-memory files included). Each
 * test lists every place a canary was still found. One person who is not erased carries a control
 * string that must be found, so the scans are known to look where the data is.
 */

interface Canary {
  readonly label: string;
  /** The forms it may be stored in: as written, lower case (search text), digits only (phone lookups). */
  readonly forms: readonly string[];
}

const canaries: Canary[] = [];
/** A fresh canary text; `label` says which field of whom it fills. */
const canary = (label: string): string => {
  const text = `CANARY-${randomBytes(5).toString('hex')}`;
  canaries.push({ label, forms: [text, text.toLowerCase()] });
  return text;
};
const canaryEmail = (label: string): string => {
  const text = `canary-${randomBytes(5).toString('hex')}@example.com`;
  canaries.push({ label, forms: [text, text.toUpperCase()] });
  return text;
};
/** Phones cannot hold letters: a random number, searched as written and as its digits (what lookups hash). */
const canaryPhone = (label: string): string => {
  const digits = `139${String(randomInt(10_000_000, 99_999_999))}`;
  const text = `+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  canaries.push({ label, forms: [text, `86${digits}`, digits] });
  return text;
};

/** Where each canary (by label) was found: `place` strings, in the order found. */
class Findings {
  private readonly found = new Map<string, string[]>();
  scanText(place: string, text: string, among: readonly Canary[] = canaries): void {
    for (const c of among) if (c.forms.some((form) => text.includes(form))) this.add(c, place);
  }
  scanBytes(place: string, bytes: Buffer, among: readonly Canary[] = canaries): void {
    for (const c of among) if (c.forms.some((form) => bytes.includes(Buffer.from(form, 'utf8')))) this.add(c, place);
  }
  places(label: string): readonly string[] {
    return this.found.get(label) ?? [];
  }
  /** Fails, naming every canary still found and where. */
  expectNone(what: string): void {
    if (this.found.size === 0) return;
    const lines = [...this.found].map(([label, places]) => `  ${label}: ${places.slice(0, 12).join(', ')}${places.length > 12 ? `, … (${places.length} places)` : ''}`);
    throw new Error(`personal data still found ${what} after the erasure (${this.found.size} of ${canaries.length} canaries):\n${lines.join('\n')}`);
  }
  private add(c: Canary, place: string): void {
    const places = this.found.get(c.label) ?? [];
    if (!places.includes(place)) places.push(place);
    this.found.set(c.label, places);
  }
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

describe('erasure leaves no trace (canary scan)', () => {
  let t: TestApp;
  let written = 0;
  const post = async (path: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<Response> => {
    const request = t.http.post(path);
    if (idempotencyKey) request.set('Idempotency-Key', idempotencyKey);
    const res = await request.send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    written = Math.max(written, res.body.position ?? 0);
    return res;
  };
  /** Read-model queries wait for everything written so far; history and state read the log itself. */
  const get = async (path: string): Promise<Response> =>
    /\/(history|state)(\?|$)/.test(path) ? t.http.get(path) : t.http.get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${written}`);

  // The people: a won lead with its customer file and a complaint (one subject), an organisation
  // lead, a lead that withdrew its consent, a customer registered by hand with a complaint.
  const won = uid('lead');
  const organisation = uid('lead');
  const withdrawn = uid('lead');
  const walkIn = uid('cust');
  const kept = uid('lead');
  const erased = [won, organisation, withdrawn, walkIn];
  const complaints = { won: uid('cmp'), walkIn: uid('cmp') };
  const names = { won: '', organisation: '', withdrawn: '', walkIn: '' };
  const phones = { won: '', walkIn: '' };
  const emails = { won: '', walkIn: '' };
  const control: Canary = { label: 'control (not erased)', forms: [`KEEP-${randomBytes(5).toString('hex')}`] };
  const receipts: Record<string, Record<string, unknown>> = {};
  /** What the erasure alone left, before any rebuild: the live read models and every file. */
  const beforeRebuild = new Findings();

  /** Every document of every live read model, from the store and from memory. */
  const scanReadModels = async (findings: Findings, controlFound?: Findings): Promise<void> => {
    const runner = t.app.get(ProjectionRunner);
    const store = t.app.get<DocumentStore>(DOCUMENT_STORE);
    for (const projection of runner.projections) {
      const { name } = projection;
      for await (const doc of store.scan(runner.collectionOf(projection))) {
        const text = JSON.stringify(doc);
        findings.scanText(`read model ${name}/${doc._id}`, text);
        controlFound?.scanText(name, text, [control]);
      }
      for (const doc of runner.documentsInMemory(projection) ?? []) findings.scanText(`in-memory ${name}/${doc._id}`, JSON.stringify(doc));
    }
  };
  const scanFiles = (findings: Findings, controlFound?: Findings): string[] => {
    const files = filesUnder(t.dataDir);
    for (const file of files) {
      const bytes = readFileSync(file);
      findings.scanBytes(`file ${relative(t.dataDir, file)}`, bytes);
      controlFound?.scanBytes(relative(t.dataDir, file), bytes, [control]);
    }
    return files;
  };

  beforeAll(async () => {
    t = await startTestApp();
    names.won = canary('won lead: name');
    phones.won = canaryPhone('won lead: phone');
    emails.won = canaryEmail('won lead: e-mail');
    await post(
      '/leads',
      personLead({
        id: won,
        name: names.won,
        contacts: { phones: [phones.won, canaryPhone('won lead: second phone')], emails: [emails.won], address: canary('won lead: address'), wechat: canary('won lead: WeChat') },
        notes: canary('won lead: notes'),
        consent: { purposes: ['sales_contact', 'marketing'] },
      }),
      uid('key'),
    );
    await post(`/leads/${won}/qualification`, {
      money: { has: true, evidence: canary('won lead: money evidence') },
      authority: { has: true, evidence: canary('won lead: authority evidence') },
      need: { has: true, evidence: canary('won lead: need evidence') },
    }, uid('key'));
    await post(`/leads/${won}/activities`, { activityId: uid('act'), activityType: 'visit', outcome: 'Met at the office', notes: canary('won lead: activity notes'), nextFollowUpAt: new Date(Date.now() + 86_400_000).toISOString() }, uid('key'));
    await post(`/leads/${won}/stage`, { to: 'won', amount: 4200 }, uid('key'));
    // The won lead opens its customer file under the same id (a policy, so it comes a moment later).
    await eventually('the customer file of the won lead', () => t.http.get(`/customers/${won}`), (res) => res.status === 200);
    await post(`/customers/${won}/profile`, {
      individual: { education: canary('customer: education'), family: canary('customer: family'), interests: canary('customer: interests'), personalLife: canary('customer: personal life'), businessBackground: canary('customer: business background') },
    }, uid('key'));
    await post(`/customers/${won}/identity-verifications`, { verificationId: uid('iv'), method: 'id_card', documentNumber: canary('customer: document number'), verifiedOn: new Date().toISOString().slice(0, 10) });
    await post(`/customers/${won}/credit-assessments`, { assessmentId: uid('cr'), scores: { character: 4, capacity: 4, capital: 4, collateral: 4, conditions: 4 }, requestedLimit: 10_000, notes: canary('customer: credit notes') });
    await post('/complaints', complaint(won, { id: complaints.won, description: canary('complaint: description') }), uid('key'));
    await post(`/complaints/${complaints.won}/resolution`, { resolution: 'Replaced the unit' });
    await post(`/complaints/${complaints.won}/satisfaction`, { expectedService: 4, perceivedService: 3, likelihoodToRecommend: 7, wouldBuyAgain: true, comment: canary('complaint: satisfaction comment') });

    names.organisation = canary('organisation lead: name');
    await post('/leads', organisationLead({
      id: organisation,
      name: names.organisation,
      contacts: { phones: [canaryPhone('organisation lead: phone')], emails: [canaryEmail('organisation lead: e-mail')], address: canary('organisation lead: address') },
      organisation: { legalName: 'Canary Holdings Ltd', headName: canary('organisation lead: head name'), headPhone: canaryPhone('organisation lead: head phone') },
    }));
    await post(`/leads/${organisation}/stage`, { to: 'lost', reason: 'Chose another supplier' });

    names.withdrawn = canary('withdrawn lead: name');
    await post('/leads', personLead({ id: withdrawn, name: names.withdrawn, contacts: { phones: [canaryPhone('withdrawn lead: phone')], emails: [] }, consent: { purposes: ['sales_contact', 'marketing'] } }));
    await post(`/leads/${withdrawn}/consent-withdrawal`, { purposes: 'all', note: canary('withdrawn lead: withdrawal note') }, uid('key'));

    names.walkIn = canary('walk-in customer: name');
    phones.walkIn = canaryPhone('walk-in customer: phone');
    emails.walkIn = canaryEmail('walk-in customer: e-mail');
    await post('/customers', customer({ id: walkIn, name: names.walkIn, contacts: { phones: [phones.walkIn], emails: [emails.walkIn], address: canary('walk-in customer: address') }, individual: { family: canary('walk-in customer: family') } }), uid('key'));
    await post('/complaints', complaint(walkIn, { id: complaints.walkIn, description: canary('walk-in complaint: description') }));

    await post('/leads', personLead({ id: kept, name: control.forms[0] }));
    // Every read model has applied all of it before the erasure.
    await get(`/leads/${kept}`).then((res) => expect(res.status).toBe(200));

    for (const subject of erased) {
      const res = await t.http.post(`/subjects/${subject}/erasure`).send({ reason: 'Erasure request in the canary test' });
      if (res.status !== 200) throw new Error(`erasure of ${subject} answered ${res.status}: ${JSON.stringify(res.body)}`);
      receipts[subject] = res.body;
      written = Math.max(written, res.body.position);
    }

    await scanReadModels(beforeRebuild);
    scanFiles(beforeRebuild);

    // Every read model rebuilt from the log as it now reads.
    const before = (await t.http.get('/projections').expect(200)).body as { name: string; generation: number }[];
    for (const { name } of before) await t.http.post(`/projections/${name}/rebuild`).expect(202);
    await eventually(
      'every read model rebuilt',
      async () => (await t.http.get('/projections').expect(200)).body as { name: string; generation: number; rebuild: unknown }[],
      (now) => now.every((p) => p.rebuild === null && p.generation > before.find((b) => b.name === p.name)!.generation),
      { timeoutMs: 30_000 },
    );
  }, 120_000);
  afterAll(() => t.destroy());

  it('the erasure receipts list what was scrubbed', () => {
    expect(receipts[won]).toMatchObject({
      subjectId: won,
      keyDeleted: true,
      alreadyErased: false,
      streams: expect.arrayContaining([`lead-${won}`, `customer-${won}`, `complaint-${complaints.won}`]),
      readModels: expect.arrayContaining(['pipeline', 'customers', 'complaints']),
    });
    // The commands sent with an Idempotency-Key on the won lead, its customer file and its complaint.
    expect(receipts[won].idempotencyRecords).toBe(6);
    expect(receipts[walkIn]).toMatchObject({ readModels: expect.arrayContaining(['customers', 'complaints']), idempotencyRecords: 1 });
    expect(receipts[withdrawn]).toMatchObject({ readModels: ['pipeline'], idempotencyRecords: 1 });
  });

  it('(b) the erasure alone scrubbed the live read models and left no byte in the files, before any rebuild', () => {
    beforeRebuild.expectNone('in the live read models or the files before the rebuild');
  });

  it('(b) no read-model document holds a canary, in the store or in memory, after the rebuild', async () => {
    const findings = new Findings();
    const controlFound = new Findings();
    await scanReadModels(findings, controlFound);
    expect(controlFound.places(control.label)).toContain('pipeline');
    findings.expectNone('in the read models');
  });

  it('(c) no API answer holds a canary: details, history, state, searches, lists, the event feed, reports', async () => {
    const findings = new Findings();
    const controlFound = new Findings();
    const answers: string[] = [];
    for (const id of [won, organisation, withdrawn, kept]) answers.push(`/leads/${id}`, `/leads/${id}/history?limit=500`, `/leads/${id}/state`);
    for (const id of [won, walkIn]) answers.push(`/customers/${id}`, `/customers/${id}/history?limit=500`, `/customers/${id}/state`);
    for (const id of Object.values(complaints)) answers.push(`/complaints/${id}`, `/complaints/${id}/history?limit=500`, `/complaints/${id}/state`);
    for (const text of [...Object.values(names), phones.won, phones.walkIn, emails.won, emails.walkIn, control.forms[0]]) {
      answers.push(`/leads?q=${encodeURIComponent(text)}`, `/customers?q=${encodeURIComponent(text)}`);
    }
    answers.push('/leads?limit=200', '/customers?limit=200', '/complaints?limit=200', `/complaints?customerId=${won}`);
    answers.push('/reports/funnel', '/reports/forecast', '/reports/satisfaction', '/reports/activity', '/reports/sources', '/reports/referrals', '/projections');
    for (const path of answers) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      findings.scanText(`GET ${path}`, res.text);
      controlFound.scanText(`GET ${path}`, res.text, [control]);
    }
    // The whole event feed, page by page.
    for (let after = 0; ; ) {
      const page = await t.http.get(`/events?after=${after}&limit=1000`).expect(200);
      findings.scanText(`GET /events?after=${after}`, page.text);
      if (page.body.events.length === 0) break;
      after = page.body.nextAfter;
    }
    expect(controlFound.places(control.label)).toEqual(expect.arrayContaining([`GET /leads/${kept}`]));
    findings.expectNone('in the API answers');
  });

  it('(a) no file under DATA_DIR holds a canary, byte for byte (database, WAL, shared memory, keys), once the app is closed', async () => {
    await t.close();
    const findings = new Findings();
    const controlFound = new Findings();
    const files = scanFiles(findings, controlFound);
    expect(files.length).toBeGreaterThan(2);
    // The kept person's name is in the read models in clear (only the log is encrypted).
    expect(controlFound.places(control.label).length).toBeGreaterThan(0);
    findings.expectNone('in the files under DATA_DIR');
  });

  it('(a) no export of the log holds a canary (NDJSON, CSV)', async () => {
    const findings = new Findings();
    for (const format of ['ndjson', 'csv']) {
      const run = await runCliIn(t.dataDir, ['export', '--format', format]);
      expect({ format, code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ format, code: 0, stderr: '' });
      expect(run.stdout).toContain(`lead-${kept}`);
      findings.scanText(`export --format ${format}`, run.stdout);
    }
    findings.expectNone('in the exports');
  });
});
