import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVITY_TYPES } from '@app/domain/lead';
import { personLead } from '../support/fixtures';
import { killAllApis, startApi } from './support/api-process';
import { HttpClient, waitForReadModels } from './support/http-client';
import { prng, report, scaled, SEED, sleep } from './support/reliability';
import { cleanRebuild, combinedHash, differingProjections, integrityCheck, liveReadModels, logProblems, openLog, openReadStore, totalDocs } from './support/stores';

const KILLS = scaled(8, 200);
const CONNECTIONS = 16;
/** A key whose request died with the process stays reserved this long (IDEMPOTENCY_KEY_IN_USE), then a retry takes it over. */
const RETRY_DEADLINE_MS = 75_000;

interface Command {
  readonly run: number;
  readonly kind: 'capture' | 'activity';
  readonly leadId: string;
  readonly activityId?: string;
  readonly key: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

interface Acknowledged extends Command {
  readonly revision: number;
  readonly position: number;
  readonly retried: boolean;
}

/**
 * The built API is killed with SIGKILL at random moments while 16 keep-alive connections send
 * commands, and restarted on the same DATA_DIR. Every command answered 2xx must be in the log once;
 * every one left unanswered is retried with its Idempotency-Key and must then be there once too.
 */
describe('crash during load (the built API, SIGKILL, restart on the same DATA_DIR)', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'l2c-crash-'))));
  afterAll(async () => {
    await killAllApis();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses and duplicates nothing over ${KILLS} kills; files intact; read models equal a clean rebuild`, async () => {
    const rng = prng(SEED);
    const acknowledged = new Map<string, Acknowledged>();
    const unanswered = new Map<string, Command>();
    const leads: string[] = [];
    const unexpected: string[] = [];
    const integrity = { checks: 0, problems: [] as string[] };
    let sequence = 0;
    let keyInUse = 0;
    /** Head of the log after each crash: a retried command at or below it was written, only its answer was lost. */
    const headAfterCrash = new Map<number, number>();

    const nextCommand = (run: number): Command => {
      const id = `${run}-${++sequence}`;
      const ownerId = `rep-${rng.int(1, 4)}`;
      if (leads.length < CONNECTIONS / 2 || rng.next() < 0.25) {
        const leadId = `crash-${id}`;
        return { run, kind: 'capture', leadId, key: `k-${id}`, path: '/leads', body: personLead({ id: leadId, name: `Lead ${id}`, ownerId }) };
      }
      const leadId = rng.pick(leads);
      const activityId = `act-${id}`;
      return {
        run,
        kind: 'activity',
        leadId,
        activityId,
        key: `k-${id}`,
        path: `/leads/${leadId}/activities`,
        body: { activityId, activityType: rng.pick(ACTIVITY_TYPES), outcome: `Outcome of ${activityId}` },
      };
    };

    /** Sends one command; 2xx acknowledges it, no answer leaves it for a retry. */
    const send = async (http: HttpClient, command: Command, retried: boolean): Promise<void> => {
      unanswered.set(command.key, command);
      let answer;
      try {
        answer = await http.post(command.path, command.body, { 'Idempotency-Key': command.key });
      } catch {
        return; // the process died under it: unacknowledged
      }
      if (answer.status === 200 || answer.status === 201) {
        unanswered.delete(command.key);
        acknowledged.set(command.key, { ...command, revision: answer.body.revision, position: answer.body.position, retried });
        if (command.kind === 'capture') leads.push(command.leadId);
      } else if (answer.status === 409 && answer.body?.code === 'IDEMPOTENCY_KEY_IN_USE') {
        keyInUse++; // the dead request's reservation; taken over once abandoned
      } else {
        unexpected.push(`${command.path} ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
    };

    const retryUnanswered = async (http: HttpClient) => {
      for (const command of [...unanswered.values()]) await send(http, command, true);
    };

    for (let run = 1; run <= KILLS; run++) {
      const api = await startApi({ DATA_DIR: dataDir });
      const http = new HttpClient(api.port, { sockets: CONNECTIONS });
      await retryUnanswered(http);
      let stopping = false;
      const workers = Array.from({ length: CONNECTIONS }, async () => {
        while (!stopping) await send(http, nextCommand(run), false);
      });
      await sleep(rng.int(300, 1500));
      stopping = true;
      await api.crash();
      await Promise.all(workers);
      http.destroy();
      // The files as the crash left them.
      const check = integrityCheck(dataDir);
      integrity.checks += check.files.length;
      integrity.problems.push(...check.problems);
      const log = openLog(dataDir);
      headAfterCrash.set(run, await log.headPosition());
      await log.close();
    }

    const api = await startApi({ DATA_DIR: dataDir });
    const http = new HttpClient(api.port, { sockets: CONNECTIONS });
    const deadline = Date.now() + RETRY_DEADLINE_MS;
    while (unanswered.size > 0 && Date.now() < deadline) {
      await retryUnanswered(http);
      if (unanswered.size > 0) await sleep(1_000);
    }
    const retried = [...acknowledged.values()].filter((a) => a.retried);
    const writtenBeforeCrash = retried.filter((a) => a.position <= headAfterCrash.get(a.run)!).length;
    await waitForReadModels(http);
    http.destroy();
    expect(await api.stop()).toBe(0);

    const final = integrityCheck(dataDir);
    integrity.checks += final.files.length;
    integrity.problems.push(...final.problems);

    const events = openLog(dataDir);
    const docs = openReadStore(dataDir);
    try {
      const log = await events.readAll();
      const byPosition = new Map(log.map((e) => [e.position, e]));
      const lost = [...acknowledged.values()].filter((a) => {
        const event = byPosition.get(a.position);
        const data = event?.data as { leadId?: string; activityId?: string } | undefined;
        return (
          !event ||
          event.streamId !== `lead-${a.leadId}` ||
          event.revision !== a.revision ||
          event.type !== (a.kind === 'capture' ? 'LeadCaptured' : 'LeadActivityLogged') ||
          (a.kind === 'activity' && data?.activityId !== a.activityId)
        );
      });
      // The same fact twice: a lead captured twice, an activity id twice in a lead's stream, an event id twice.
      const facts = log.map((e) => `${e.streamId}/${e.type === 'LeadCaptured' ? 'captured' : (e.data as { activityId: string }).activityId}`);
      const duplicated = facts.length - new Set(facts).size;
      const extra = log.length - acknowledged.size;
      const live = await liveReadModels(docs);
      const rebuilt = await cleanRebuild(events);
      const differing = differingProjections(live.hashes, rebuilt);

      const line = report('crash', {
        seed: SEED,
        runs: KILLS + 1,
        kills: KILLS,
        acknowledged: acknowledged.size,
        unansweredRetried: retried.length,
        ofWhichWrittenBeforeCrash: writtenBeforeCrash,
        keyInUseAnswers: keyInUse,
        stillUnanswered: unanswered.size,
        events: log.length,
        lost: lost.length,
        duplicated,
        extra,
        unexpectedAnswers: unexpected.length,
        integrity: integrity.problems.length === 0 ? `ok(${integrity.checks}files)` : 'FAILED',
        readModelsEqualRebuild: differing.length === 0,
        readModelDocs: totalDocs(live.hashes),
        hash: combinedHash(live.hashes),
      });
      expect({ line, unexpected: unexpected.slice(0, 5), integrity: integrity.problems, log: logProblems(log).slice(0, 5) }).toEqual({ line, unexpected: [], integrity: [], log: [] });
      expect(unanswered.size).toBe(0);
      expect(lost.map((a) => a.key)).toEqual([]);
      expect(duplicated).toBe(0);
      expect(extra).toBe(0);
      expect(differing).toEqual([]);
      expect(acknowledged.size).toBeGreaterThan(KILLS * 10);
    } finally {
      await events.close();
      await docs.close();
    }
  }, KILLS * 15_000 + 180_000);
});
