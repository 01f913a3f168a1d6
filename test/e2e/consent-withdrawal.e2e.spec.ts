import type { Response } from 'supertest';
import { ConsentRetentionScheduler } from '../../apps/api/src/policies/consent-retention.scheduler';
import { Clock } from '@app/application/clock';
import { organisationLead, personLead } from '../support/fixtures';
import { errorFields, eventually, expectProblem, history, hoursAgo, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const ids = (res: Response): string[] => (res.body.items as { leadId: string }[]).map((i) => i.leadId);

describe('consent withdrawal over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  let written = 0;
  const post = async (path: string, body: Record<string, unknown>): Promise<Response> => {
    const res = await t.http.post(path).send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    written = Math.max(written, res.body.position);
    return res;
  };
  const read = (path: string) => t.http.get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${written}`);
  const capture = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = uid('lead');
    await post('/leads', personLead({ id, consent: { purposes: ['sales_contact', 'marketing', 'profiling'] }, ...overrides }));
    return id;
  };
  const withdraw = (id: string, body: Record<string, unknown>) => t.http.post(`/leads/${id}/consent-withdrawal`).send(body);

  it('withdraws the purposes named: recorded with the note, and shown on the lead', async () => {
    const id = await capture();
    const res = await withdraw(id, { purposes: ['marketing'], note: 'Asked by phone not to receive offers' }).expect(200);
    expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
    written = res.body.position;

    expect((await read(`/leads/${id}`).expect(200)).body).toMatchObject({
      consentPurposes: ['sales_contact', 'profiling'],
      withdrawnPurposes: ['marketing'],
      consentWithdrawnAt: null,
      inWorkQueues: false,
    });
    const [, event] = await history(t.http, 'leads', id);
    expect(event).toMatchObject({
      type: 'LeadConsentWithdrawn',
      data: { leadId: id, purposes: ['marketing'], remainingPurposes: ['sales_contact', 'profiling'], note: 'Asked by phone not to receive offers' },
    });
  });

  it('withdraws everything with "all", which dates the erasure; repeating it changes nothing', async () => {
    const id = await capture();
    const occurredAt = hoursAgo(2);
    const first = await withdraw(id, { purposes: 'all', occurredAt }).expect(200);
    written = first.body.position;
    expect((await read(`/leads/${id}`).expect(200)).body).toMatchObject({ consentPurposes: [], consentWithdrawnAt: occurredAt });

    const again = await withdraw(id, { purposes: 'all' }).expect(200);
    expect(again.body).toEqual(first.body);
    expect((await withdraw(id, { purposes: ['marketing'] }).expect(200)).body.revision).toBe(first.body.revision);
  });

  it('is accepted on a won or lost lead (consent is the person’s whatever became of the lead)', async () => {
    const won = await capture();
    await post(`/leads/${won}/stage`, { to: 'won', amount: 1200 });
    await withdraw(won, { purposes: ['profiling'] }).expect(200);
    const lost = await capture();
    await post(`/leads/${lost}/stage`, { to: 'lost', reason: 'No budget' });
    await withdraw(lost, { purposes: 'all' }).expect(200);
  });

  it('leaves a lead whose marketing consent was withdrawn out of the follow-up lists and the activity work lists', async () => {
    const owner = uid('rep');
    const overdue = hoursAgo(1);
    const laterToday = new Date(Math.min(Date.now() + 10 * 60_000, Date.parse(`${new Date().toISOString().slice(0, 10)}T23:59:59.000Z`))).toISOString();
    const follow = async (id: string, nextFollowUpAt: string) =>
      post(`/leads/${id}/activities`, { activityId: uid('act'), activityType: 'call', outcome: 'Call back', occurredAt: hoursAgo(3), nextFollowUpAt });
    const [kept, optedOut, otherPurpose, dueKept, dueOptedOut] = await Promise.all([1, 2, 3, 4, 5].map(() => capture({ ownerId: owner })));
    // Nobody touched this one for weeks: an idle lead, until it opts out.
    const idle = await capture({ ownerId: owner, occurredAt: hoursAgo(24 * 30) });
    for (const id of [kept, optedOut, otherPurpose]) await follow(id, overdue);
    for (const id of [dueKept, dueOptedOut]) await follow(id, laterToday);

    const queues = async () => ({
      overdue: ids(await read(`/leads?ownerId=${owner}&followUp=overdue`).expect(200)).sort(),
      dueToday: ids(await read(`/leads?ownerId=${owner}&followUp=due-today`).expect(200)).sort(),
      report: await read(`/reports/activity?repId=${owner}`)
        .expect(200)
        .then(({ body }) => ({
          overdue: body.followUpsOverdue.map((f: { leadId: string }) => f.leadId).sort(),
          dueToday: body.followUpsDueToday.map((f: { leadId: string }) => f.leadId).sort(),
          idle: body.idleLeads.map((l: { leadId: string }) => l.leadId),
        })),
    });
    const before = await queues();
    expect(before.overdue).toEqual(expect.arrayContaining([kept, optedOut, otherPurpose]));
    expect(before.report.overdue).toEqual(expect.arrayContaining([kept, optedOut, otherPurpose]));
    expect(before.report.idle).toEqual([idle]);

    for (const id of [optedOut, dueOptedOut, idle]) written = Math.max(written, (await withdraw(id, { purposes: ['marketing'] }).expect(200)).body.position);
    written = Math.max(written, (await withdraw(otherPurpose, { purposes: ['profiling'] }).expect(200)).body.position);

    const after = await queues();
    // (Near midnight UTC a follow-up due "later today" may already be overdue: only membership is asserted.)
    for (const list of [after.overdue, after.dueToday, after.report.overdue, after.report.dueToday]) {
      expect(list).not.toContain(optedOut);
      expect(list).not.toContain(dueOptedOut);
    }
    expect(after.overdue).toEqual(expect.arrayContaining([kept, otherPurpose]));
    expect(after.report.overdue).toEqual(expect.arrayContaining([kept, otherPurpose]));
    expect([...after.overdue, ...after.dueToday]).toContain(dueKept);
    expect(after.report.idle).toEqual([]);
    // Still in the pipeline itself, with its business facts.
    expect(ids(await read(`/leads?ownerId=${owner}`).expect(200))).toEqual(expect.arrayContaining([optedOut, dueOptedOut, idle]));
  });

  it('an unknown lead is 404 LEAD_NOT_FOUND', async () => {
    expectProblem(await withdraw(uid('ghost'), { purposes: ['marketing'] }), 404, 'LEAD_NOT_FOUND');
  });

  it('a purpose never consented to is 422 CONSENT_NOT_GIVEN, and nothing is withdrawn', async () => {
    const id = await capture({ consent: { purposes: ['sales_contact'] } });
    const res = await withdraw(id, { purposes: ['sales_contact', 'third_party_sharing'] });
    expectProblem(res, 422, 'CONSENT_NOT_GIVEN');
    expect(res.body.detail).toMatch(/third_party_sharing/);
    expect((await read(`/leads/${id}`).expect(200)).body).toMatchObject({ consentPurposes: ['sales_contact'], withdrawnPurposes: [] });
  });

  it.each([
    ['no purposes', {}, ['purposes']],
    ['an empty list', { purposes: [] }, ['purposes']],
    ['an unknown purpose', { purposes: ['spam'] }, ['purposes']],
    ['a purpose twice', { purposes: ['marketing', 'marketing'] }, ['purposes']],
    ['another word than all', { purposes: 'everything' }, ['purposes']],
    ['an over-long note', { purposes: 'all', note: 'x'.repeat(1001) }, ['note']],
    ['an unknown field', { purposes: 'all', erase: true }, ['erase']],
  ])('%s is 400 naming the field', async (_label, body, fields) => {
    const id = await capture();
    const res = await withdraw(id, body);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(errorFields(res)).toEqual(fields);
  });

  it('is refused to roles that do not work leads (403)', async () => {
    const id = await capture();
    const analyst = await t.as({ role: 'analyst' });
    expectProblem(await analyst.post(`/leads/${id}/consent-withdrawal`).send({ purposes: 'all' }), 403);
  });
});

/** The application's clock, moved forward by the test. */
class AdjustableClock extends Clock {
  private offsetMs = 0;
  now(): string {
    return new Date(Date.now() + this.offsetMs).toISOString();
  }
  advanceDays(days: number): void {
    this.offsetMs += days * 24 * 3_600_000;
  }
}

describe('erasure after the consent retention period', () => {
  const clock = new AdjustableClock();
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ clock, env: { CONSENT_RETENTION_DAYS: '30', DEADLINE_SCAN_INTERVAL_MS: '100' } })));
  afterAll(() => t.destroy());

  it('erases a lead that withdrew every consent once CONSENT_RETENTION_DAYS have passed, and only then', async () => {
    const name = `Retention ${uid('person')}`;
    const [gone, partial, consenting] = [uid('lead'), uid('lead'), uid('lead')];
    await t.http.post('/leads').send(organisationLead({ id: gone, name, consent: { purposes: ['sales_contact', 'marketing'] } })).expect(201);
    await t.http.post('/leads').send(personLead({ id: partial, consent: { purposes: ['sales_contact', 'marketing'] } })).expect(201);
    await t.http.post('/leads').send(personLead({ id: consenting })).expect(201);
    await t.http.post(`/leads/${gone}/consent-withdrawal`).send({ purposes: 'all', note: 'Wants no further contact' }).expect(200);
    const last = await t.http.post(`/leads/${partial}/consent-withdrawal`).send({ purposes: ['marketing'] }).expect(200);
    const lead = async (id: string) => (await t.http.get(`/leads/${id}?minPosition=${last.body.position}`).expect(200)).body;
    const scheduler = t.app.get(ConsentRetentionScheduler);

    clock.advanceDays(29.9);
    expect(await scheduler.eraseDue()).toBe(0);
    expect(await lead(gone)).toMatchObject({ name, personalDataErasedAt: null });

    clock.advanceDays(0.2);
    // The timer finds it by itself (the scan runs every 100 ms).
    const erased = await eventually('the lead erased by the retention policy', () => lead(gone), (doc) => doc.personalDataErasedAt !== null);
    expect(erased).toMatchObject({ name: '[erased]', consentPurposes: [], stage: 'D', stageHistory: [expect.objectContaining({ stage: 'D' })] });
    expect((await t.http.get(`/leads?q=${encodeURIComponent(name)}`).expect(200)).body.items).toEqual([]);
    const withdrawal = (await history(t.http, 'leads', gone)).find((e) => e.type === 'LeadConsentWithdrawn')!;
    expect(withdrawal.data.note).toBe('[erased]');

    // The erasure went through the endpoint's path: recorded on the subject's stream by the policy.
    const feed = await t.http.get(`/events?types=PersonalDataErased&streams=subject-${gone}`).expect(200);
    expect(feed.body.events).toEqual([expect.objectContaining({ streamId: `subject-${gone}`, metadata: expect.objectContaining({ actor: 'policy:consent-retention' }) })]);

    // Leads that still consent to something keep their data; nothing is erased twice.
    expect(await scheduler.eraseDue()).toBe(0);
    expect(await lead(partial)).toMatchObject({ name: 'Li Wei', personalDataErasedAt: null });
    expect(await lead(consenting)).toMatchObject({ name: 'Li Wei', personalDataErasedAt: null });
  });
});
