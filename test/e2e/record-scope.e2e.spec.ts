import { personLead } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** A record outside the caller's scope answers exactly like one that does not exist: nothing about it leaks. */
describe('records outside the caller’s scope', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.http.post('/leads').send(personLead({ id: 'foreign-1', ownerId: 'rep-s', teamId: 'south' })).expect(201);
  });
  afterAll(() => t.destroy());

  const MAN = { money: { has: true }, authority: { has: true }, need: { has: true, evidence: 'asked for a quote' } };
  const shape = (res: { status: number; body: Record<string, unknown> }, id: string) => ({ status: res.status, body: JSON.parse(JSON.stringify(res.body).split(id).join('<id>')) });

  it('a command on a foreign lead gets the same answer as on a lead that does not exist', async () => {
    const rep = await t.as({ role: 'sales_rep', ownerId: 'rep-n', teamId: 'north' });
    const foreign = await rep.post('/leads/foreign-1/qualification').send(MAN);
    const missing = await rep.post('/leads/missing-1/qualification').send(MAN);
    expect(foreign.status).toBe(404);
    expect(shape(foreign, 'foreign-1')).toEqual(shape(missing, 'missing-1'));
    expect((await t.http.get('/leads/foreign-1/history')).body.items).toHaveLength(1);
  });

  it('reading a foreign lead, its history or its state gets the same answer as a lead that does not exist', async () => {
    const rep = await t.as({ role: 'sales_rep', ownerId: 'rep-n', teamId: 'north' });
    for (const suffix of ['?minPosition=1', '/history', '/state']) {
      const foreign = await rep.get(`/leads/foreign-1${suffix}`);
      const missing = await rep.get(`/leads/missing-1${suffix}`);
      expect(foreign.status).toBe(404);
      expect(shape(foreign, 'foreign-1')).toEqual(shape(missing, 'missing-1'));
    }
  });
});
