import { personLead, organisationLead } from '../support/fixtures';
import { expectProblem, history, historyLength, stateOf, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const MAN_ALL = (money: boolean, authority: boolean, need: boolean) => ({ money: { has: money }, authority: { has: authority }, need: { has: need } });

describe('leads over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  const capture = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = uid('lead');
    await t.http.post('/leads').send(personLead({ id, ...overrides })).expect(201);
    return id;
  };
  const stage = (id: string, body: Record<string, unknown>) => t.http.post(`/leads/${id}/stage`).send(body);
  const lead = (id: string) => stateOf(t.http, 'leads', id);

  describe('POST /leads', () => {
    it('captures a lead at stage D under the id the client chose', async () => {
      const id = uid('lead');
      const res = await t.http.post('/leads').send(organisationLead({ id })).expect(201);
      expect(res.body).toEqual({ id, revision: 0, position: expect.any(Number) });
      expect(res.body.position).toBeGreaterThan(0);
      const state = await lead(id);
      expect(state).toMatchObject({ exists: true, leadId: id, kind: 'organisation', stage: 'D', source: 'trade_show', ownerId: 'rep-2', closed: false, manClass: null });
    });

    it('gives the lead a new UUID when the client chose none', async () => {
      const res = await t.http.post('/leads').send(personLead()).expect(201);
      expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect((await history(t.http, 'leads', res.body.id))[0].data.name).toBe('Li Wei');
    });

    it('refuses a second lead with the same id (409 LEAD_ALREADY_EXISTS) and keeps the first', async () => {
      const id = await capture();
      expectProblem(await t.http.post('/leads').send(personLead({ id, name: 'Someone Else' })), 409, 'LEAD_ALREADY_EXISTS');
      expect((await history(t.http, 'leads', id))[0].data.name).toBe('Li Wei');
      expect(await historyLength(t.http, 'leads', id)).toBe(1);
    });

    it('refuses a lead with no way to reach it (422 CONTACT_REQUIRED)', async () => {
      const id = uid('lead');
      expectProblem(await t.http.post('/leads').send(personLead({ id, contacts: { phones: [], emails: [] } })), 422, 'CONTACT_REQUIRED');
      expectProblem(await t.http.get(`/leads/${id}/state`), 404, 'LEAD_NOT_FOUND');
    });
  });

  describe('POST /leads/{id}/qualification', () => {
    it('classes the lead by the MAN rule; re-qualifying replaces the class and keeps the previous one in history', async () => {
      const id = await capture();
      const first = await t.http.post(`/leads/${id}/qualification`).send(MAN_ALL(true, true, true)).expect(200);
      expect(first.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect(await lead(id)).toMatchObject({ manClass: 'M+A+N', recommendedAction: 'pursue_now' });

      await t.http.post(`/leads/${id}/qualification`).send(MAN_ALL(true, false, true)).expect(200);
      expect(await lead(id)).toMatchObject({ manClass: 'M+a+N', recommendedAction: 'find_decision_maker' });
      const events = await history(t.http, 'leads', id);
      expect(events.at(-1)).toMatchObject({ type: 'LeadQualified', data: { manClass: 'M+a+N', previousManClass: 'M+A+N' } });
    });
  });

  describe('POST /leads/{id}/stage', () => {
    it('moves forward and may skip stages', async () => {
      const id = await capture();
      const res = await stage(id, { to: 'A' }).expect(200);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect((await lead(id)).stage).toBe('A');
    });

    it('moves back only with a reason (422 REASON_REQUIRED) and records the reason', async () => {
      const id = await capture();
      await stage(id, { to: 'B' }).expect(200);
      expectProblem(await stage(id, { to: 'C' }), 422, 'REASON_REQUIRED');
      expect((await lead(id)).stage).toBe('B');
      await stage(id, { to: 'C', reason: 'Budget frozen until Q3' }).expect(200);
      expect((await lead(id)).stage).toBe('C');
      expect((await history(t.http, 'leads', id)).at(-1)).toMatchObject({ type: 'LeadStageAdvanced', reason: 'Budget frozen until Q3', data: { from: 'B', to: 'C', direction: 'backward' } });
    });

    it('refuses the stage the lead is already at (422 STAGE_UNCHANGED)', async () => {
      const id = await capture();
      expectProblem(await stage(id, { to: 'D' }), 422, 'STAGE_UNCHANGED');
    });

    it('marks a lead lost only with a reason (422 LOST_REASON_REQUIRED)', async () => {
      const id = await capture();
      expectProblem(await stage(id, { to: 'lost' }), 422, 'LOST_REASON_REQUIRED');
      await stage(id, { to: 'lost', reason: 'Chose a competitor', competitor: 'Acme' }).expect(200);
      expect(await lead(id)).toMatchObject({ stage: 'lost', closed: true, lostReason: 'Chose a competitor' });
    });

    it('marks a lead won only with an amount (422 WON_AMOUNT_REQUIRED), and the win opens the customer file of the same id', async () => {
      const id = await capture({ kind: 'organisation', name: 'Suzhou Silk Ltd', organisation: { legalName: 'Suzhou Silk Ltd', region: 'Jiangsu' } });
      expectProblem(await stage(id, { to: 'won' }), 422, 'WON_AMOUNT_REQUIRED');
      expectProblem(await stage(id, { to: 'won', amount: 0 }), 422, 'WON_AMOUNT_REQUIRED');
      expectProblem(await t.http.get(`/customers/${id}/state`), 404, 'CUSTOMER_NOT_FOUND');

      const res = await stage(id, { to: 'won', amount: 48000 }).expect(200);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number), customer: { id, revision: 0, position: expect.any(Number) } });
      expect(res.body.position).toBe(Math.max(res.body.customer.position, res.body.position));
      expect(await lead(id)).toMatchObject({ stage: 'won', closed: true, wonAmount: 48000 });

      const customer = await stateOf(t.http, 'customers', id);
      expect(customer).toMatchObject({ exists: true, customerId: id, fromLeadId: id, kind: 'organisation', name: 'Suzhou Silk Ltd', ownerId: 'rep-1', teamId: 'team-east', customerClass: 'new', organisation: { legalName: 'Suzhou Silk Ltd', region: 'Jiangsu' } });
      const registered = (await history(t.http, 'customers', id))[0];
      expect(registered).toMatchObject({ type: 'CustomerRegistered', data: { fromLeadId: id, source: 'referral' } });
    });

    it('refuses an amount unless the lead is won (422 FIELD_NOT_APPLICABLE)', async () => {
      const id = await capture();
      expectProblem(await stage(id, { to: 'C', amount: 100 }), 422, 'FIELD_NOT_APPLICABLE');
    });
  });

  describe('POST /leads/{id}/reopening and closed leads', () => {
    it('reopens only a closed lead (422 LEAD_NOT_CLOSED otherwise)', async () => {
      const id = await capture();
      expectProblem(await t.http.post(`/leads/${id}/reopening`).send({ to: 'C', reason: 'Came back' }), 422, 'LEAD_NOT_CLOSED');
    });

    it('a lost lead refuses every other command (422 LEAD_CLOSED) until it is reopened', async () => {
      const id = await capture();
      await stage(id, { to: 'lost', reason: 'No budget' }).expect(200);
      const before = await historyLength(t.http, 'leads', id);

      expectProblem(await t.http.post(`/leads/${id}/qualification`).send(MAN_ALL(true, true, true)), 422, 'LEAD_CLOSED');
      expectProblem(await stage(id, { to: 'A' }), 422, 'LEAD_CLOSED');
      expectProblem(await t.http.post(`/leads/${id}/activities`).send({ activityId: uid('act'), activityType: 'call', outcome: 'Tried anyway' }), 422, 'LEAD_CLOSED');
      expectProblem(await t.http.post(`/leads/${id}/owner`).send({ toOwnerId: 'rep-9', toTeamId: 'team-west' }), 422, 'LEAD_CLOSED');
      expect(await historyLength(t.http, 'leads', id)).toBe(before);

      const res = await t.http.post(`/leads/${id}/reopening`).send({ to: 'B', reason: 'Budget approved after all' }).expect(200);
      expect(res.body).toEqual({ id, revision: before, position: expect.any(Number) });
      expect(await lead(id)).toMatchObject({ stage: 'B', closed: false, lostReason: null });
      await stage(id, { to: 'A' }).expect(200);
    });

    it('a reopened won lead can be won again; the customer file continues', async () => {
      const id = await capture();
      const won = await stage(id, { to: 'won', amount: 1000 }).expect(200);
      await t.http.post(`/customers/${id}/class`).send({ to: 'vip' }).expect(200);
      await t.http.post(`/leads/${id}/reopening`).send({ to: 'A', reason: 'Order cancelled' }).expect(200);
      const again = await stage(id, { to: 'won', amount: 900 }).expect(200);
      expect(again.body.customer).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect(again.body.customer.position).toBeGreaterThan(won.body.customer.position);
      expect(await stateOf(t.http, 'customers', id)).toMatchObject({ customerClass: 'vip', revision: 1 });
    });

    it('requires a reason to reopen (400: reason is required)', async () => {
      const id = await capture();
      await stage(id, { to: 'lost', reason: 'No need' }).expect(200);
      expectProblem(await t.http.post(`/leads/${id}/reopening`).send({ to: 'C' }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.http.post(`/leads/${id}/reopening`).send({ to: 'won', reason: 'x' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /leads/{id}/activities', () => {
    it('logs an activity (201) and sets the next follow-up', async () => {
      const id = await capture();
      const activityId = uid('act');
      const res = await t.http
        .post(`/leads/${id}/activities`)
        .send({ activityId, activityType: 'visit', outcome: 'Met the buyer', outcomeCode: 'interested', durationMinutes: 45, nextFollowUpAt: '2027-01-10T09:00:00.000Z' })
        .expect(201);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      const state = await lead(id);
      expect(state.activityIds).toEqual([activityId]);
      expect(state.nextFollowUpAt).toBe('2027-01-10T09:00:00.000Z');
    });

    it('records the same activityId once: a repeat answers 201 with the same revision and appends nothing', async () => {
      const id = await capture();
      const body = { activityId: uid('act'), activityType: 'call', outcome: 'No answer', outcomeCode: 'no_answer' };
      const first = await t.http.post(`/leads/${id}/activities`).send(body).expect(201);
      const second = await t.http.post(`/leads/${id}/activities`).send(body).expect(201);
      expect(second.body).toEqual({ id, revision: first.body.revision, position: first.body.position });
      expect(await historyLength(t.http, 'leads', id)).toBe(2);
    });

    it('refuses a follow-up before the activity itself (422 FOLLOW_UP_IN_PAST)', async () => {
      const id = await capture();
      const res = await t.http
        .post(`/leads/${id}/activities`)
        .send({ activityId: uid('act'), activityType: 'call', outcome: 'Reached', occurredAt: '2026-03-02T10:00:00Z', nextFollowUpAt: '2026-03-01T10:00:00Z' });
      expectProblem(res, 422, 'FOLLOW_UP_IN_PAST');
    });
  });

  describe('POST /leads/{id}/owner', () => {
    it('moves the lead to another owner and team', async () => {
      const id = await capture();
      const res = await t.http.post(`/leads/${id}/owner`).send({ toOwnerId: 'rep-7', toTeamId: 'team-west', reason: 'Territory change' }).expect(200);
      expect(res.body).toEqual({ id, revision: 1, position: expect.any(Number) });
      expect(await lead(id)).toMatchObject({ ownerId: 'rep-7', teamId: 'team-west' });
      expect((await history(t.http, 'leads', id)).at(-1)).toMatchObject({ type: 'LeadReassigned', reason: 'Territory change', data: { fromOwnerId: 'rep-1', toOwnerId: 'rep-7' } });
    });

    it('refuses a move to the current owner (422 OWNER_UNCHANGED)', async () => {
      const id = await capture();
      expectProblem(await t.http.post(`/leads/${id}/owner`).send({ toOwnerId: 'rep-1', toTeamId: 'team-east' }), 422, 'OWNER_UNCHANGED');
    });
  });

  describe('POST /leads/reassignments', () => {
    it("moves every open lead of the leaving rep, skips the closed ones and other reps' leads", async () => {
      const leaving = uid('rep');
      const heir = uid('rep');
      const open = [await capture({ ownerId: leaving }), await capture({ ownerId: leaving }), await capture({ ownerId: leaving })];
      await stage(open[1], { to: 'B' }).expect(200);
      const lost = await capture({ ownerId: leaving });
      await stage(lost, { to: 'lost', reason: 'No budget' }).expect(200);
      const won = await capture({ ownerId: leaving });
      await stage(won, { to: 'won', amount: 10 }).expect(200);
      const someoneElses = await capture({ ownerId: uid('rep') });
      // A lead that came to the leaving rep by reassignment counts too; one that left them does not.
      const handedIn = await capture({ ownerId: uid('rep') });
      await t.http.post(`/leads/${handedIn}/owner`).send({ toOwnerId: leaving, toTeamId: 'team-east' }).expect(200);
      const handedOut = await capture({ ownerId: leaving });
      await t.http.post(`/leads/${handedOut}/owner`).send({ toOwnerId: uid('rep'), toTeamId: 'team-east' }).expect(200);

      const res = await t.http.post('/leads/reassignments').send({ fromOwnerId: leaving, toOwnerId: heir, toTeamId: 'team-north', reason: 'Rep left the company' }).expect(200);
      expect(res.body).toEqual({ id: expect.any(String), position: expect.any(Number), moved: expect.any(Array), skipped: [] });
      const moved = (res.body.moved as { id: string }[]).map((m) => m.id).sort();
      expect(moved).toEqual([...open, handedIn].sort());
      expect(res.body.position).toBe(Math.max(...res.body.moved.map((m: { position: number }) => m.position)));

      for (const id of [...open, handedIn]) {
        expect(await lead(id)).toMatchObject({ ownerId: heir, teamId: 'team-north' });
        expect((await history(t.http, 'leads', id)).at(-1)).toMatchObject({ type: 'LeadReassigned', data: { bulkReassignmentId: res.body.id, toOwnerId: heir } });
      }
      expect(await lead(lost)).toMatchObject({ ownerId: leaving, stage: 'lost' });
      expect(await lead(won)).toMatchObject({ ownerId: leaving, stage: 'won' });
      expect((await lead(someoneElses)).ownerId).not.toBe(heir);
      expect((await lead(handedOut)).ownerId).not.toBe(heir);

      // Nothing is left to move: a second run moves nothing.
      const again = await t.http.post('/leads/reassignments').send({ fromOwnerId: leaving, toOwnerId: heir, toTeamId: 'team-north' }).expect(200);
      expect(again.body).toMatchObject({ moved: [], skipped: [] });
    });
  });

  describe('the MAN rule in the funnel', () => {
    it('an m+a+n lead cannot move forward without overrideReason (422 MAN_DISQUALIFIED), but can with one', async () => {
      const id = await capture();
      await t.http.post(`/leads/${id}/qualification`).send(MAN_ALL(false, false, false)).expect(200);
      expect(await lead(id)).toMatchObject({ manClass: 'm+a+n', recommendedAction: 'stop_contact' });

      expectProblem(await stage(id, { to: 'C' }), 422, 'MAN_DISQUALIFIED');
      expect((await lead(id)).stage).toBe('D');
      await stage(id, { to: 'C', overrideReason: 'CFO confirmed a budget by phone' }).expect(200);
      expect((await lead(id)).stage).toBe('C');
      expect((await history(t.http, 'leads', id)).at(-1)).toMatchObject({ reason: 'CFO confirmed a budget by phone', data: { overrideReason: 'CFO confirmed a budget by phone' } });
    });

    it('an m+a+n lead may be marked lost without an override', async () => {
      const id = await capture();
      await t.http.post(`/leads/${id}/qualification`).send(MAN_ALL(false, false, false)).expect(200);
      await stage(id, { to: 'lost', reason: 'Not a prospect' }).expect(200);
    });
  });

  describe('an unknown lead', () => {
    it.each([
      ['qualification', MAN_ALL(true, true, true)],
      ['stage', { to: 'C' }],
      ['reopening', { to: 'C', reason: 'x' }],
      ['activities', { activityId: 'a-1', activityType: 'call', outcome: 'x' }],
      ['owner', { toOwnerId: 'rep-2', toTeamId: 'team-east' }],
    ])('POST /leads/{id}/%s is 404 LEAD_NOT_FOUND and creates nothing', async (route, body) => {
      const id = uid('ghost');
      expectProblem(await t.http.post(`/leads/${id}/${route}`).send(body), 404, 'LEAD_NOT_FOUND');
      expectProblem(await t.http.get(`/leads/${id}/history`), 404, 'LEAD_NOT_FOUND');
    });
  });
});
