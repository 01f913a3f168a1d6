import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, errorFields, expectProblem, history, stateOf, uid } from '../support/e2e';
import { complaint, customer, personLead } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const ERASED = '[erased]';

/** Values that must never be readable in the files of DATA_DIR (the log, the key store). */
const canary = () => {
  const tag = `x${uid('cy').slice(3)}`;
  const digits = () => String(1000 + Math.floor(Math.random() * 9000));
  return { name: `Canary Qiu ${tag}`, phone: `+86 177 ${digits()} ${digits()}`, email: `canary.${tag}@example.org`, wechat: `wx_${tag}`, notes: `Prefers calls after 6pm, tag ${tag}` };
};

describe('personal data: encrypted per subject, looked up by keyed hash, erased by crypto-shredding', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  /** A person won as a customer, with an activity, a complaint and a satisfaction comment: the subject's data in every kind of stream. */
  const subjectWithHistory = async () => {
    const c = canary();
    const id = uid('lead');
    let position = (await t.http.post('/leads').send(personLead({ id, name: c.name, contacts: { phones: [c.phone], emails: [c.email], wechat: c.wechat }, notes: c.notes })).expect(201)).body.position;
    await t.http.post(`/leads/${id}/activities`).send({ activityId: uid('act'), activityType: 'call', outcome: 'Reached', notes: c.notes }).expect(201);
    await t.http.post(`/leads/${id}/stage`).send({ to: 'won', amount: 12000 }).expect(200);
    const complaintId = uid('cmp');
    await t.http.post('/complaints').send(complaint(id, { id: complaintId, description: `${c.name} says the box was wet` })).expect(201);
    await t.http.post(`/complaints/${complaintId}/resolution`).send({ resolution: 'Replaced' }).expect(200);
    position = (await t.http.post(`/complaints/${complaintId}/satisfaction`).send({ expectedService: 4, perceivedService: 4, likelihoodToRecommend: 8, wouldBuyAgain: true, comment: `Thanks, ${c.name}` }).expect(200)).body.position;
    return { id, complaintId, c, position };
  };

  /** Every file in DATA_DIR, as bytes: the event log and its WAL, the key store, the read models. */
  const logAndKeyFiles = () =>
    readdirSync(t.dataDir)
      .filter((f) => /^(events|subject-keys)\.sqlite3(-wal)?$/.test(f))
      .map((f) => readFileSync(join(t.dataDir, f)).toString('latin1'))
      .join('\n');

  it('keeps no plain text of a person in the event log or the key store, and every reader gets it back', async () => {
    const { id, c, position } = await subjectWithHistory();
    const [captured] = await history(t.http, 'leads', id);
    expect(captured.data).toMatchObject({ name: c.name, contacts: { phones: [c.phone], emails: [c.email], wechat: c.wechat }, notes: c.notes });
    expect((await t.http.get(`/leads/${id}?minPosition=${position}`).expect(200)).body.name).toBe(c.name);
    expect((await t.http.get(`/customers/${id}`).expect(200)).body.profile).toMatchObject({ name: c.name, contacts: { phones: [c.phone], emails: [c.email] } });

    const files = logAndKeyFiles();
    expect(files).toContain('LeadCaptured');
    for (const text of [c.name, c.phone, c.email, c.wechat, c.notes, c.phone.replace(/\D/g, '')]) expect({ text, found: files.includes(text) }).toEqual({ text, found: false });
  });

  it('finds leads and customers by exact phone or e-mail (keyed hash), and by part of a name', async () => {
    const { id, c } = await subjectWithHistory();
    const other = uid('lead');
    const { position } = (await t.http.post('/leads').send(personLead({ id: other, name: 'Someone Else', contacts: { phones: ['+86 10 5555 0101'], emails: [] } })).expect(201)).body;
    const leads = async (q: string) => ((await t.http.get('/leads').query({ q, minPosition: position }).expect(200)).body.items as { leadId: string }[]).map((l) => l.leadId);
    expect(await leads(c.phone)).toEqual([id]);
    expect(await leads(c.phone.replace(/[\s+]/g, ''))).toEqual([id]);
    expect(await leads(c.email.toUpperCase())).toEqual([id]);
    expect(await leads(c.name.split(' ')[2].toLowerCase())).toEqual([id]);
    expect(await leads('+86 10 0000 0000')).toEqual([]);
    const customers = ((await t.http.get('/customers').query({ q: c.email, minPosition: position }).expect(200)).body.items as { customerId: string }[]).map((x) => x.customerId);
    expect(customers).toEqual([id]);
  });

  describe('POST /subjects/{id}/erasure', () => {
    it('requires a reason (400 naming it) and answers 404 SUBJECT_NOT_FOUND for a subject never recorded', async () => {
      const { id } = await subjectWithHistory();
      expect(errorFields(await t.http.post(`/subjects/${id}/erasure`).send({}).expect(400))).toContain('reason');
      expect(errorFields(await t.http.post(`/subjects/${id}/erasure`).send({ reason: '   ' }).expect(400))).toContain('reason');
      expect(errorFields(await t.http.post(`/subjects/${id}/erasure`).send({ reason: 'r', extra: 1 }).expect(400))).toContain('extra');
      expectProblem(await t.http.post(`/subjects/${uid('nobody')}/erasure`).send({ reason: 'request #1' }), 404, 'SUBJECT_NOT_FOUND');
      // Nothing was erased by the refused requests.
      expect((await history(t.http, 'leads', id))[0].data.name).not.toBe(ERASED);
    });

    it('deletes the key, records PersonalDataErased, answers a true receipt, and is idempotent', async () => {
      const { id, complaintId, c } = await subjectWithHistory();
      const res = await t.http.post(`/subjects/${id}/erasure`).send({ reason: 'Erasure request #2026-114' }).expect(200);
      const receipt = res.body;
      expect(receipt).toEqual({
        subjectId: id,
        erasedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        position: expect.any(Number),
        keyDeleted: true,
        alreadyErased: false,
        streams: [`complaint-${complaintId}`, `customer-${id}`, `lead-${id}`],
        readModels: expect.any(Array),
        idempotencyRecords: expect.any(Number),
      });

      // The answer came once every read model had applied the erasure.
      const statuses = (await t.http.get('/projections').expect(200)).body as { name: string; checkpoint: number }[];
      for (const s of statuses) expect({ name: s.name, reached: s.checkpoint >= receipt.position }).toEqual({ name: s.name, reached: true });

      const [event] = (await t.http.get('/events').query({ after: 0, limit: 1, types: 'PersonalDataErased', streams: `subject-${id}` }).expect(200)).body.events;
      expect(event).toMatchObject({
        position: receipt.position,
        streamId: `subject-${id}`,
        type: 'PersonalDataErased',
        version: 1,
        data: { subjectId: id, reason: 'Erasure request #2026-114', erasedAt: receipt.erasedAt, streams: receipt.streams },
      });

      const again = await t.http.post(`/subjects/${id}/erasure`).send({ reason: 'asked twice' }).expect(200);
      expect(again.body).toMatchObject({ subjectId: id, erasedAt: receipt.erasedAt, position: receipt.position, keyDeleted: true, alreadyErased: true, streams: receipt.streams });
      const erasures = (await t.http.get('/events').query({ after: 0, types: 'PersonalDataErased', streams: `subject-${id}` }).expect(200)).body.events;
      expect(erasures).toHaveLength(1);

      // Lookups are gone with the key.
      const found = (await t.http.get('/leads').query({ q: c.phone }).expect(200)).body.items;
      expect(found).toEqual([]);
    });

    it('afterwards the history and state of the lead, the customer and the complaint read "[erased]", the rest intact', async () => {
      const { id, complaintId, c } = await subjectWithHistory();
      await t.http.post(`/subjects/${id}/erasure`).send({ reason: 'Erasure request #2026-115' }).expect(200);

      const lead = await history(t.http, 'leads', id);
      expect(lead[0].data).toMatchObject({ leadId: id, name: ERASED, contacts: { phones: [ERASED], emails: [ERASED], wechat: ERASED }, notes: ERASED, source: 'referral', expectedAmount: 50000 });
      expect(lead.find((e) => e.type === 'LeadActivityLogged')!.data).toMatchObject({ notes: ERASED, outcome: 'Reached', activityType: 'call' });
      expect(lead.find((e) => e.type === 'LeadStageAdvanced')!.data).toMatchObject({ to: 'won', wonAmount: 12000 });
      // The lead's state holds no personal data: nothing there to erase.
      const state = await stateOf(t.http, 'leads', id);
      expect(state).toMatchObject({ stage: 'won' });
      expect(JSON.stringify(state)).not.toContain(c.name);
      expect(state).not.toHaveProperty('name');

      const file = await history(t.http, 'customers', id);
      expect(file[0].data).toMatchObject({ customerId: id, name: ERASED, contacts: { phones: [ERASED], emails: [ERASED], wechat: ERASED } });
      const cmp = await history(t.http, 'complaints', complaintId);
      expect(cmp[0].data).toMatchObject({ description: ERASED, category: 'delivery', customerId: id });
      expect(cmp.find((e) => e.type === 'SatisfactionRecorded')!.data).toMatchObject({ comment: ERASED, likelihoodToRecommend: 8 });

      // What comes later about the person is not kept either.
      await t.http.post(`/leads/${id}/reopening`).send({ to: 'A', reason: 'came back' }).expect(200);
      await t.http.post(`/leads/${id}/activities`).send({ activityId: uid('act'), activityType: 'call', outcome: 'Reached', notes: `new number of ${c.name}` }).expect(201);
      expect((await history(t.http, 'leads', id)).at(-1)!.data).toMatchObject({ notes: ERASED });
      expect(logAndKeyFiles().includes(c.name)).toBe(false);
    });

    it('a rebuild of the read models from the log shows the subject erased', async () => {
      const { id, complaintId } = await subjectWithHistory();
      const kept = uid('cust');
      await t.http.post('/customers').send(customer({ id: kept, name: 'Kept Person' })).expect(201);
      await t.http.post(`/subjects/${id}/erasure`).send({ reason: 'Erasure request #2026-116' }).expect(200);

      const generations = async () => Object.fromEntries(((await t.http.get('/projections').expect(200)).body as { name: string; generation: number; rebuild: unknown }[]).map((s) => [s.name, s]));
      const before = await generations();
      for (const name of ['pipeline', 'customers', 'complaints']) await t.http.post(`/projections/${name}/rebuild`).expect(202);
      await eventually(
        'the rebuilds to be swapped in',
        generations,
        (now) => ['pipeline', 'customers', 'complaints'].every((name) => now[name].generation === before[name].generation + 1 && now[name].rebuild === null),
        { timeoutMs: 20_000 },
      );

      expect((await t.http.get(`/leads/${id}`).expect(200)).body).toMatchObject({ leadId: id, name: ERASED, stage: 'won', wonAmount: 12000 });
      expect((await t.http.get(`/customers/${id}`).expect(200)).body.profile).toMatchObject({ name: ERASED, contacts: { phones: [ERASED], emails: [ERASED] } });
      expect((await t.http.get(`/customers/${kept}`).expect(200)).body.profile).toMatchObject({ name: 'Kept Person' });
      const rebuiltComplaint = (await t.http.get(`/complaints/${complaintId}`).expect(200)).body;
      expect(rebuiltComplaint).toMatchObject({ complaintId, customerId: id, category: 'delivery' });
      expect(JSON.stringify(rebuiltComplaint)).not.toContain('Canary');
    });
  });
});
