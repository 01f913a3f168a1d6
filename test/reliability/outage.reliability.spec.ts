import { rmSync } from 'node:fs';
import { EventStoreUnavailableError } from '@app/event-store';
import { PROJECTIONS } from '@app/read-models';
import { ReadStoreUnavailableError } from '@app/read-store';
import { personLead } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { FaultyDocumentStore, FaultyEventStore } from './support/faulty-stores';
import { HttpAnswer, HttpClient, listenOnLoopback, ProjectionState, waitForReadModels } from './support/http-client';
import { report, scaled, sleep, until } from './support/reliability';
import { cleanRebuild, differingProjections, liveReadModels, logProblems, openLog, openReadStore, storedCheckpoints } from './support/stores';

const OUTAGES = scaled(2, 200);
/** How long each store stays down (long enough for several retries of the projections). */
const DOWN_MS = scaled(1_500, 20_000);
const COMMANDS_PER_PHASE = 12;

interface Sent {
  readonly key: string;
  readonly leadId: string;
  readonly activityId?: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/**
 * The event store and the read store fail at the port (the real adapters behind a switch). While
 * one is down, whatever needs it answers 503 with Retry-After and the readiness probe names it,
 * never a 500; projections wait and retry, and resume from their checkpoint once it is back. After
 * recovery every accepted command is in the log once and the read models equal a rebuild.
 */
describe('dependency outage (event store, read store)', () => {
  let api: TestApp;
  let http: HttpClient;
  let events: FaultyEventStore;
  let docs: FaultyDocumentStore;
  beforeAll(async () => {
    api = await startTestApp({
      adapters: (opened) => {
        events = new FaultyEventStore(opened.eventStore);
        docs = new FaultyDocumentStore(opened.documents);
        return { ...opened, eventStore: events, documents: docs };
      },
    });
    http = new HttpClient(await listenOnLoopback(api.app), { sockets: 8 });
  });
  afterAll(async () => {
    http?.destroy();
    await api?.close();
    if (api) rmSync(api.dataDir, { recursive: true, force: true });
  });

  it(`answers 503 while a store is down, never 500; resumes and loses nothing over ${OUTAGES} outages of each`, async () => {
    const answers: HttpAnswer[] = [];
    const acknowledged = new Map<string, { sent: Sent; position: number; revision: number }>();
    const problems: string[] = [];
    const figures = { eventStore503: 0, readStore503: 0, readyNamedStore: 0, retriedAfterRecovery: 0, acceptedWhileReadStoreDown: 0, projectionsRetrying: 0, resumedFromCheckpoint: 0 };
    let sequence = 0;
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const answer = await http.send(method, path, { body, headers });
      answers.push(answer);
      return answer;
    };
    const command = (leadId?: string): Sent => {
      const n = ++sequence;
      if (!leadId) {
        const id = `outage-${n}`;
        return { key: `k-${n}`, leadId: id, path: '/leads', body: personLead({ id }) };
      }
      return { key: `k-${n}`, leadId, activityId: `act-${n}`, path: `/leads/${leadId}/activities`, body: { activityId: `act-${n}`, activityType: 'call', outcome: 'Reached' } };
    };
    const send = async (sent: Sent) => {
      const answer = await call('POST', sent.path, sent.body, { 'Idempotency-Key': sent.key });
      if (answer.status === 201) acknowledged.set(sent.key, { sent, position: answer.body.position, revision: answer.body.revision });
      return answer;
    };
    const expect503 = (answer: HttpAnswer, code: string, what: string) => {
      if (answer.status !== 503 || answer.body?.code !== code || !answer.headers['retry-after']) problems.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    };
    const leads: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = command();
      expect((await send(sent)).status).toBe(201);
      leads.push(sent.leadId);
    }

    for (let outage = 1; outage <= OUTAGES; outage++) {
      // --- The event store goes down.
      events.failure = () => new EventStoreUnavailableError('event store does not answer (simulated outage)');
      const refused: Sent[] = [];
      for (let i = 0; i < COMMANDS_PER_PHASE; i++) {
        const sent = command(i % 3 === 0 ? undefined : leads[i % leads.length]);
        const answer = await send(sent);
        expect503(answer, 'EVENT_STORE_UNAVAILABLE', `command while the event store is down`);
        if (answer.status === 503) figures.eventStore503++;
        refused.push(sent);
      }
      expect503(await call('GET', `/leads/${leads[0]}/history`), 'EVENT_STORE_UNAVAILABLE', 'history while the event store is down');
      const notReady = await call('GET', '/health/ready');
      if (notReady.status === 503 && notReady.body.checks?.eventStore === 'down' && notReady.body.checks?.readStore === 'up' && /event store/.test(notReady.body.detail)) figures.readyNamedStore++;
      else problems.push(`ready while the event store is down: ${notReady.status} ${JSON.stringify(notReady.body)}`);
      // The read models still answer lists and reports (without minPosition they need no event store)…
      if ((await call('GET', '/leads?limit=5')).status !== 200) problems.push('a read model query failed while only the event store was down');
      // …but not a lead's detail: each look is recorded in the log first (no record, no data).
      expect503(await call('GET', `/leads/${leads[0]}`), 'EVENT_STORE_UNAVAILABLE', 'a recorded look while the event store is down');
      await sleep(DOWN_MS);
      events.failure = undefined;
      // Refused commands are retried with their keys: each is accepted once.
      for (const sent of refused) {
        const answer = await send(sent);
        if (answer.status !== 201) problems.push(`retry after the event store came back: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        else figures.retriedAfterRecovery++;
        if (!sent.activityId) leads.push(sent.leadId);
      }
      expect((await call('GET', '/health/ready')).status).toBe(200);

      // --- The read store goes down.
      await waitForReadModels(http);
      const checkpoints = await storedCheckpoints(docs.inner);
      const subscriptionsBefore = events.subscriptions.length;
      const readsBefore = events.reads.length;
      docs.failure = () => new ReadStoreUnavailableError('read store does not answer (simulated outage)');
      let lastPosition = 0;
      for (let i = 0; i < COMMANDS_PER_PHASE; i++) {
        const answer = await send(command(i % 4 === 0 ? undefined : leads[i % leads.length]));
        if (answer.status === 201) {
          figures.acceptedWhileReadStoreDown++;
          lastPosition = answer.body.position;
        } else problems.push(`command while the read store is down: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
      for (const path of ['/leads', `/leads/${leads[0]}`, '/reports/activity']) {
        const answer = await call('GET', path);
        expect503(answer, 'READ_STORE_UNAVAILABLE', `${path} while the read store is down`);
        if (answer.status === 503) figures.readStore503++;
      }
      // The pipeline is also kept in memory by the process that writes it: whole-model reports still answer,
      // with what the read store last committed (no event applied since can be missing from it but not half of one).
      const funnel = await call('GET', '/reports/funnel');
      if (funnel.status !== 200 || typeof funnel.body?.total?.leads !== 'number') problems.push(`/reports/funnel from memory while the read store is down: ${funnel.status} ${JSON.stringify(funnel.body).slice(0, 200)}`);
      const readyAnswer = await call('GET', '/health/ready');
      if (readyAnswer.status === 503 && readyAnswer.body.checks?.readStore === 'down' && readyAnswer.body.checks?.eventStore === 'up' && /read store/.test(readyAnswer.body.detail)) figures.readyNamedStore++;
      else problems.push(`ready while the read store is down: ${readyAnswer.status} ${JSON.stringify(readyAnswer.body)}`);
      // The projections with events to apply wait and retry, and say why.
      const retrying = await until(
        'the projections with pending events to show state retrying',
        async () => ((await call('GET', '/projections')).body as ProjectionState[]).filter((s) => ['pipeline', 'activity'].includes(s.name)),
        (status) => status.every((s) => s.state === 'retrying' && /read store does not answer/.test(s.lastError?.message ?? '')),
        10_000,
      );
      figures.projectionsRetrying += retrying.length;
      await sleep(DOWN_MS);
      docs.failure = undefined;
      await waitForReadModels(http, 30_000);
      // The projections that failed resumed from the checkpoints they had stored before the outage, not
      // from the start: every read of the log since (the shared catch-up's pages, then each one's live
      // subscription) starts at or after the lowest of them, the first at one of them. (Nothing skipped:
      // see readModelsEqualRebuild.)
      const stored = Object.values(checkpoints).filter((position) => position > 0);
      const lowest = Math.min(...stored);
      const key = (types: readonly string[] | undefined) => [...new Set(types)].sort().join();
      const projectionReads = new Set([key(PROJECTIONS.flatMap((p) => p.eventTypes)), ...PROJECTIONS.map((p) => key(p.eventTypes))]);
      const resumed = [...events.reads.slice(readsBefore), ...events.subscriptions.slice(subscriptionsBefore)]
        .filter((r) => r.types && projectionReads.has(key(r.types)))
        .map((r) => r.after);
      if (resumed.length === 0 || !stored.includes(Math.min(...resumed)) || !resumed.every((after) => after >= lowest)) {
        problems.push(`read the log from ${JSON.stringify(resumed)} with stored checkpoints ${JSON.stringify(checkpoints)}`);
      } else figures.resumedFromCheckpoint++;
      // Read your writes: the commands accepted during the outage are in the read models now.
      const fresh = await call('GET', `/leads?limit=200&minPosition=${lastPosition}`);
      if (fresh.status !== 200) problems.push(`query after the read store came back: ${fresh.status}`);
    }

    // Nothing lost, nothing twice, and the read models equal a rebuild from the log.
    const log = openLog(api.dataDir);
    const readStore = openReadStore(api.dataDir);
    let lost: string[];
    let extra: number;
    let differing: string[];
    let logIssues: string[];
    try {
      const all = await log.readAll();
      logIssues = logProblems(all);
      const byPosition = new Map(all.map((e) => [e.position, e]));
      lost = [...acknowledged.values()]
        .filter(({ sent, position }) => {
          const event = byPosition.get(position);
          return !event || event.streamId !== `lead-${sent.leadId}` || (sent.activityId !== undefined && (event.data as { activityId?: string }).activityId !== sent.activityId);
        })
        .map(({ sent }) => sent.key);
      extra = all.length - acknowledged.size;
      await waitForReadModels(http);
      differing = differingProjections((await liveReadModels(readStore)).hashes, await cleanRebuild(log));
    } finally {
      await log.close();
      await readStore.close();
    }
    const status500 = answers.filter((a) => a.status >= 500 && a.status !== 503);
    const line = report('outage', {
      outages: OUTAGES,
      downMs: DOWN_MS,
      requests: answers.length,
      commandsAnswered503WhileEventStoreDown: figures.eventStore503,
      queriesAnswered503WhileReadStoreDown: figures.readStore503,
      readinessNamedTheStore: `${figures.readyNamedStore}/${OUTAGES * 2}`,
      retriedAndAccepted: figures.retriedAfterRecovery,
      acceptedWhileReadStoreDown: figures.acceptedWhileReadStoreDown,
      projectionsSeenRetrying: figures.projectionsRetrying,
      resumedFromCheckpoint: figures.resumedFromCheckpoint,
      acknowledged: acknowledged.size,
      lost: lost.length,
      extra,
      status5xxOther: status500.length,
      readModelsEqualRebuild: differing.length === 0,
    });
    expect({ line, problems: problems.slice(0, 5), logIssues: logIssues.slice(0, 5) }).toEqual({ line, problems: [], logIssues: [] });
    expect(status500.map((a) => `${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
    expect(lost).toEqual([]);
    expect(extra).toBe(0);
    expect(differing).toEqual([]);
    expect(figures.eventStore503).toBe(OUTAGES * COMMANDS_PER_PHASE);
  }, OUTAGES * (2 * scaled(1_500, 20_000) + 40_000) + 60_000);
});
