import { CommandExecutor } from '@app/application/command-executor';
import { personLead } from '../support/fixtures';
import { eventually, history, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

describe('a won lead opens its customer file, even when the stage command did not', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  it('the policy registers customer-<id> for a lead won through the bare write path (as after a crash between the two appends)', async () => {
    const id = uid('lead');
    await t.http.post('/leads').send(personLead({ id })).expect(201);
    // The bare executor appends the win but, unlike POST /leads/{id}/stage, opens no customer file.
    const now = new Date().toISOString();
    await t.app.get(CommandExecutor).execute({
      aggregate: 'lead',
      id,
      command: { type: 'AdvanceLeadStage', data: { leadId: id, to: 'won', amount: 9_000 }, context: { occurredAt: now, now, actor: 'rep-1' } },
      ctx: { actor: 'rep-1', correlationId: 'crash-test', causationId: 'crash-test' },
    });
    const events = await eventually(
      'the customer file opened by the policy',
      async () => (await t.http.get(`/customers/${id}/history`)).body.items ?? [],
      (items: { type: string }[]) => items.length > 0,
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual(['CustomerRegistered']);
    expect(events[0]).toMatchObject({ actor: 'policy:won-lead-customer-file', data: { customerId: id, fromLeadId: id } });
  });

  it('the stage command opens the file itself, and the policy then adds nothing', async () => {
    const id = uid('lead');
    await t.http.post('/leads').send(personLead({ id })).expect(201);
    const won = await t.http.post(`/leads/${id}/stage`).send({ to: 'won', amount: 5_000 }).expect(200);
    expect(won.body.customer).toEqual({ id, revision: 0, position: won.body.position });
    // The policy has seen the win once its checkpoint passes it: wait for a later write to be projected.
    const later = await t.http.post('/leads').send(personLead({ id: uid('lead') })).expect(201);
    await t.http.get(`/leads/${id}?minPosition=${later.body.position}`).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await history(t.http, 'customers', id)).map((e) => e.type)).toEqual(['CustomerRegistered']);
  });
});
