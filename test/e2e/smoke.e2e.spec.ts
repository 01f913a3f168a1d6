import { startTestApp, TestApp } from '../support/test-app';
import { personLead } from '../support/fixtures';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  it('captures a lead', async () => {
    const res = await t.http.post('/leads').send(personLead()).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), revision: 0, position: expect.any(Number) });
  });
});
