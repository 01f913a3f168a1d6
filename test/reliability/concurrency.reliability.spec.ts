import { rmSync } from 'node:fs';
import { personLead } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { HttpAnswer, HttpClient, listenOnLoopback, waitForReadModels } from './support/http-client';
import { prng, report, scaled, SEED } from './support/reliability';
import { cleanRebuild, differingProjections, liveReadModels, openLog, openReadStore } from './support/stores';

const CLIENTS = 32;
const LEADS = 4;
/** Rounds in which every client sends at the same instant (the If-Match ones on the revision they just read). */
const ROUNDS = scaled(15, 3_000);
/** Then every client in a loop for this long; an If-Match client that gets 409 retries on the currentRevision it was told. */
const FREE_RUN_MS = scaled(4_000, 1_800_000);

interface Outcome {
  readonly leadId: string;
  readonly activityId: string;
  /** The If-Match revision sent, if any. */
  readonly expected?: number;
  readonly answer: HttpAnswer;
}

/**
 * 32 connections issue activities on the same 4 leads, half of them conditional (If-Match) and half
 * not. The log must hold exactly the accepted ones (no lost update, nothing rejected written), each
 * lead's revision must count them, and every refused conditional one must be a 409 naming the
 * revision the lead was at.
 */
describe('concurrent writers on the same few leads', () => {
  let api: TestApp;
  let http: HttpClient;
  beforeAll(async () => {
    api = await startTestApp();
    http = new HttpClient(await listenOnLoopback(api.app), { sockets: CLIENTS });
  });
  afterAll(async () => {
    http?.destroy();
    await api?.close();
    if (api) rmSync(api.dataDir, { recursive: true, force: true });
  });

  it('final revision = accepted commands, every refused If-Match got 409 with currentRevision, no lost update', async () => {
    const rng = prng(SEED);
    const leads = Array.from({ length: LEADS }, (_, i) => `race-${i}`);
    for (const id of leads) expect((await http.post('/leads', personLead({ id }))).status).toBe(201);
    const outcomes: Outcome[] = [];
    let sequence = 0;

    const activity = (client: number, leadId: string, expected?: number): Promise<Outcome> => {
      const activityId = `c${client}-${++sequence}`;
      const headers: Record<string, string> = {};
      if (expected !== undefined) headers['If-Match'] = `"${expected}"`;
      return http
        .post(`/leads/${leadId}/activities`, { activityId, activityType: 'call', outcome: 'Spoke to the buyer' }, headers)
        .then((answer) => ({ leadId, activityId, expected, answer }));
    };
    const revisionOf = async (leadId: string): Promise<number> => (await http.get(`/leads/${leadId}/state`)).body.revision;

    // Phase 1: everyone at once, conditional clients on the revision they have just read.
    for (let round = 0; round < ROUNDS; round++) {
      const targets = Array.from({ length: CLIENTS }, () => rng.pick(leads));
      const expected = await Promise.all(targets.map((leadId, client) => (client % 2 === 0 ? revisionOf(leadId) : Promise.resolve(undefined))));
      outcomes.push(...(await Promise.all(targets.map((leadId, client) => activity(client, leadId, expected[client])))));
    }

    // Phase 2: free running; a refused conditional client retries on the revision the 409 named.
    const until = Date.now() + FREE_RUN_MS;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        let known: number | undefined;
        let leadId = rng.pick(leads);
        while (Date.now() < until) {
          const outcome = await activity(client, leadId, client % 2 === 0 ? (known ??= await revisionOf(leadId)) : undefined);
          outcomes.push(outcome);
          if (outcome.answer.status === 409) {
            known = outcome.answer.body.currentRevision;
          } else {
            leadId = rng.pick(leads);
            known = undefined;
          }
        }
      }),
    );

    const conditional = outcomes.filter((o) => o.expected !== undefined);
    const unconditional = outcomes.filter((o) => o.expected === undefined);
    const accepted = outcomes.filter((o) => o.answer.status === 201);
    const refused = conditional.filter((o) => o.answer.status === 409);
    const other = outcomes.filter((o) => o.answer.status !== 201 && !(o.expected !== undefined && o.answer.status === 409));
    // A 409 must name the revision the lead was really at: later than the one expected, and in the ETag.
    const badConflicts = refused.filter(
      (o) =>
        o.answer.body.code !== 'REVISION_CONFLICT' ||
        typeof o.answer.body.currentRevision !== 'number' ||
        o.answer.body.currentRevision <= o.expected! ||
        o.answer.headers.etag !== `"${o.answer.body.currentRevision}"`,
    );
    const badAccepted = conditional.filter((o) => o.answer.status === 201 && o.answer.body.revision !== o.expected! + 1);

    const perLead = await Promise.all(
      leads.map(async (leadId) => {
        const all: { type: string; data: { activityId?: string } }[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: typeof all; nextCursor: string | null } = (await http.get(`/leads/${leadId}/history?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
          all.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        const logged = all.filter((e) => e.type === 'LeadActivityLogged').map((e) => e.data.activityId!);
        const acceptedHere = accepted.filter((o) => o.leadId === leadId);
        const revisions = acceptedHere.map((o) => o.answer.body.revision as number).sort((a, b) => a - b);
        return {
          leadId,
          finalRevision: await revisionOf(leadId),
          accepted: acceptedHere.length,
          // Each accepted command got its own revision 1..n: none overwrote another.
          revisionsDistinctAndContiguous: revisions.every((r, i) => r === i + 1),
          lost: acceptedHere.filter((o) => logged.filter((id) => id === o.activityId).length !== 1).length,
          refusedButWritten: refused.filter((o) => o.leadId === leadId && logged.includes(o.activityId)).length,
          logged: logged.length,
        };
      }),
    );

    const status = await waitForReadModels(http);
    const events = openLog(api.dataDir);
    const docs = openReadStore(api.dataDir);
    let differing: string[];
    try {
      differing = differingProjections((await liveReadModels(docs)).hashes, await cleanRebuild(events));
    } finally {
      await events.close();
      await docs.close();
    }

    const line = report('concurrency', {
      clients: CLIENTS,
      leads: LEADS,
      rounds: ROUNDS,
      freeRunMs: FREE_RUN_MS,
      commands: outcomes.length,
      ifMatch: conditional.length,
      ifMatchAccepted: conditional.length - refused.length,
      ifMatch409: refused.length,
      withoutIfMatch: unconditional.length,
      withoutIfMatchAccepted: unconditional.filter((o) => o.answer.status === 201).length,
      otherAnswers: other.length,
      badConflicts: badConflicts.length,
      finalRevisions: perLead.map((l) => l.finalRevision).join('/'),
      finalRevisionEqualsAccepted: perLead.every((l) => l.finalRevision === l.accepted),
      lostUpdates: perLead.reduce((sum, l) => sum + l.lost, 0),
      refusedButWritten: perLead.reduce((sum, l) => sum + l.refusedButWritten, 0),
      readModelsEqualRebuild: differing.length === 0,
      head: status[0]?.headPosition ?? 0,
    });
    expect(other.map((o) => `${o.answer.status} ${JSON.stringify(o.answer.body)}`).slice(0, 5)).toEqual([]);
    expect(badConflicts.map((o) => JSON.stringify(o.answer.body)).slice(0, 5)).toEqual([]);
    expect(badAccepted).toEqual([]);
    for (const lead of perLead) {
      expect({ line, ...lead }).toEqual({ line, ...lead, finalRevision: lead.accepted, logged: lead.accepted, revisionsDistinctAndContiguous: true, lost: 0, refusedButWritten: 0 });
    }
    // Without If-Match a conflict is decided again on fresh state: none is refused.
    expect(unconditional.every((o) => o.answer.status === 201)).toBe(true);
    // The race was real: conditional commands were refused.
    expect(refused.length).toBeGreaterThan(0);
    expect(differing).toEqual([]);
  }, scaled(120_000, 2 * 3_600_000));
});
