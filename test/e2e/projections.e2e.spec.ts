import type { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { complaint, personLead } from '../support/fixtures';
import { eventually, expectProblem, race, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

const PROJECTIONS = ['activity', 'complaints', 'customers', 'pipeline', 'referrals'];

interface Status {
  name: string;
  version: number;
  generation: number;
  state: string;
  checkpoint: number;
  headPosition: number;
  lagEvents: number;
  eventsPerSecond: number;
  lastError: unknown;
  rebuild: { generation: number } | null;
  lastRebuild: { generation: number; outcome: string; error: string | null } | null;
}

/** The lead view without daysInStage, which moves with the clock between two reads. */
const stable = (items: { daysInStage: number }[]) => items.map(({ daysInStage: _days, ...lead }) => lead);

describe('projections over HTTP: status, rebuild, restart', () => {
  let t: TestApp;
  let written = 0;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.destroy());

  /** As the admin, or as `caller` (an agent of t.as). */
  const post = async (path: string, body: Record<string, unknown>, caller: TestAgent = t.http): Promise<Response> => {
    const res = await caller.post(path).send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    written = Math.max(written, res.body.position);
    return res;
  };
  const statuses = async (): Promise<Record<string, Status>> => {
    const res = await t.http.get('/projections').expect(200);
    return Object.fromEntries((res.body as Status[]).map((s) => [s.name, s]));
  };
  /** Reads through every projection with minPosition, so each has applied (or skipped) everything written. */
  const catchUp = async () => {
    await t.http.get(`/customers/${uid('any')}?minPosition=${written}`).expect(404); // customers, complaints, referrals
    await t.http.get(`/reports/activity?minPosition=${written}`).expect(200); // activity, pipeline
  };
  const allAtHead = (all: Record<string, Status>) => Object.values(all).every((s) => s.state === 'live' && s.checkpoint === s.headPosition);

  /** A little of everything, so every projection has something to apply. */
  const someHistory = async () => {
    const owner = uid('rep');
    const referrer = uid('lead');
    await post('/leads', personLead({ id: referrer, ownerId: owner }));
    for (let i = 0; i < 6; i++) {
      const id = uid('lead');
      await post('/leads', personLead({ id, ownerId: owner, referredBy: { kind: 'lead', id: referrer }, expectedAmount: 1000 * (i + 1) }));
      await post(`/leads/${id}/activities`, { activityId: uid('act'), activityType: 'call', outcome: 'Reached' }, await t.as({ role: 'admin', ownerId: owner }));
      if (i % 2 === 0) await post(`/leads/${id}/stage`, { to: 'B' });
    }
    const customerId = uid('cust');
    await post('/customers', { kind: 'person', name: 'Zhang Min', contacts: { phones: ['+86 139 0000 1111'], emails: [] }, ownerId: owner, teamId: 'team-east', consent: { purposes: ['sales_contact'] }, id: customerId });
    await post('/complaints', complaint(customerId, { id: uid('cmp') }));
    return owner;
  };

  it('GET /projections lists every projection, live, with its checkpoint at the head of the log after a write', async () => {
    await someHistory();
    await catchUp();
    const all = await eventually('every projection live at the head', statuses, allAtHead, { timeoutMs: 2_000 });
    expect(Object.keys(all).sort()).toEqual(PROJECTIONS);
    for (const status of Object.values(all)) {
      expect(status).toMatchObject({ state: 'live', checkpoint: written, headPosition: written, lagEvents: 0, lastError: null, rebuild: null, generation: 1, version: expect.any(Number) });
    }
  });

  it('POST /projections/pipeline/rebuild answers 202, rebuilds beside the live model, swaps it in; the answers stay the same', async () => {
    const owner = await someHistory();
    const before = await t.http.get(`/leads?ownerId=${owner}&minPosition=${written}`).expect(200);
    expect(before.body.items).toHaveLength(7);
    const generation = (await statuses()).pipeline.generation;

    const res = await t.http.post('/projections/pipeline/rebuild').expect(202);
    expect(res.body).toMatchObject({ name: 'pipeline', generation: expect.any(Number) });
    const after = await eventually(
      'the pipeline rebuild to be swapped in',
      statuses,
      (all) => all.pipeline.lastRebuild?.outcome === 'swapped' && all.pipeline.generation > generation,
      { timeoutMs: 10_000 },
    );
    expect(after.pipeline).toMatchObject({ generation: generation + 1, rebuild: null, lastError: null, lastRebuild: { generation: generation + 1, outcome: 'swapped', error: null } });
    // The other read models were left alone.
    for (const name of PROJECTIONS.filter((n) => n !== 'pipeline')) expect({ name, lastRebuild: after[name].lastRebuild }).toEqual({ name, lastRebuild: null });

    const rebuilt = await t.http.get(`/leads?ownerId=${owner}&minPosition=${written}`).expect(200);
    expect(stable(rebuilt.body.items)).toEqual(stable(before.body.items));
    expect(rebuilt.body.nextCursor).toBe(before.body.nextCursor);

    // The new generation keeps following the log.
    const id = uid('lead');
    const write = await post('/leads', personLead({ id, ownerId: owner }));
    expect((await t.http.get(`/leads/${id}?minPosition=${write.body.position}`).expect(200)).body.leadId).toBe(id);
  });

  it('a read waiting for a position across a rebuild is answered by the new generation', async () => {
    const before = await statuses();
    const head = before.pipeline.headPosition;
    const id = uid('lead');
    // Any number past the head (positions are compared only): the next event reaches it, whatever its position.
    const pastHead = head + 1;
    const waiting = t.http.get(`/leads/${id}?minPosition=${pastHead}`).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the read is now waiting inside the app
    await t.http.post('/projections/pipeline/rebuild').expect(202);
    await eventually('the pipeline rebuild to be swapped in', statuses, (all) => all.pipeline.generation === before.pipeline.generation + 1 && all.pipeline.rebuild === null, { timeoutMs: 10_000 });

    const write = await post('/leads', personLead({ id }));
    expect(write.body.position).toBeGreaterThanOrEqual(pastHead);
    const res = await waiting;
    expect({ status: res.status, leadId: res.body.leadId }).toEqual({ status: 200, leadId: id });
  });

  it('an unknown projection is 404 PROJECTION_NOT_FOUND', async () => {
    expectProblem(await t.http.post('/projections/nonsense/rebuild'), 404, 'PROJECTION_NOT_FOUND');
    expectProblem(await t.http.post('/projections/_projections/rebuild'), 404, 'PROJECTION_NOT_FOUND');
  });

  it('a second rebuild while one runs is 409 REBUILD_IN_PROGRESS', async () => {
    const generation = (await statuses()).customers.generation;
    // Sent at the same instant: the first starts the rebuild, the others find it running.
    const answers = await race(t.app, [1, 2, 3].map(() => ({ method: 'POST' as const, path: '/projections/customers/rebuild', body: {} })));
    // The rebuild takes many turns of the event loop; requests that arrived with the first find it running.
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409]);
    expect(answers.find((a) => a.status === 202)!.body).toMatchObject({ name: 'customers', rebuild: { generation: generation + 1 } });
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body).toMatchObject({ status: 409, code: 'REBUILD_IN_PROGRESS' });
    await eventually(
      'the customers rebuild to finish',
      statuses,
      (all) => all.customers.rebuild === null && all.customers.generation === generation + 1,
      { timeoutMs: 10_000 },
    );
    expect((await statuses()).customers.lastRebuild).toMatchObject({ generation: generation + 1, outcome: 'swapped' });
  });

  describe('restart', () => {
    it('projections resume from their checkpoints (no replay from 0) and keep following the log', async () => {
      await someHistory();
      await catchUp();
      const before = await eventually('every projection live at the head', statuses, allAtHead, { timeoutMs: 2_000 });
      const head = before.pipeline.headPosition;

      await t.close();
      t = await startTestApp({ dataDir: t.dataDir });

      // At once: the checkpoints are where they were, not 0; nothing was replayed; no rebuild.
      const right = await statuses();
      expect(Object.keys(right).sort()).toEqual(PROJECTIONS);
      for (const status of Object.values(right)) {
        expect({ name: status.name, headPosition: status.headPosition, generation: status.generation, lastRebuild: status.lastRebuild, rebuild: status.rebuild, eventsPerSecond: status.eventsPerSecond }).toEqual({
          name: status.name,
          headPosition: head,
          generation: before[status.name].generation,
          lastRebuild: null,
          rebuild: null,
          eventsPerSecond: 0,
        });
        expect({ name: status.name, checkpointAtLeast: status.checkpoint > 0 }).toEqual({ name: status.name, checkpointAtLeast: true });
      }
      // The last write was a complaint: the complaints model had applied it, so it stands at the head at once.
      expect(right.complaints.checkpoint).toBe(head);
      // Caught up without handling a single event: a replay from 0 would have handled all of them.
      const resumed = await eventually('every projection live at the head after the restart', statuses, allAtHead, { timeoutMs: 2_000 });
      for (const status of Object.values(resumed)) expect({ name: status.name, eventsPerSecond: status.eventsPerSecond }).toEqual({ name: status.name, eventsPerSecond: 0 });

      const id = uid('lead');
      const write = await post('/leads', personLead({ id }));
      expect(write.body.position).toBeGreaterThan(head);
      expect((await t.http.get(`/leads/${id}?minPosition=${write.body.position}`).expect(200)).body).toMatchObject({ leadId: id, position: write.body.position });
    });
  });
});
