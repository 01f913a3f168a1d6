import type Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personLead } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { HttpAnswer, HttpClient, listenOnLoopback, waitForReadModels } from './support/http-client';
import { report, scaled, sleep } from './support/reliability';
import { cleanRebuild, differingProjections, integrityCheck, liveReadModels, logProblems, openLog, openReadStore } from './support/stores';

const FILLS = scaled(2, 100);
/** Room left beside the filler file: a few dozen commands' worth. */
const HEADROOM_BYTES = 160 * 1024;
const MAX_COMMANDS_PER_FILL = 2_000;
const NOTES = 'x'.repeat(3_000);

/**
 * Where the test can, DATA_DIR is a real 4 MiB tmpfs that a filler file fills (root may mount;
 * `RELIABILITY_DISK_FULL=inject` forces the other mode). Otherwise SQLite itself is made to run
 * out of room: `PRAGMA max_page_count` on the event log's and the read store's connections makes
 * every write that needs a new page fail with SQLITE_FULL, through the real adapters.
 */
const mountTmpfs = (dir: string): boolean => spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore', timeout: 10_000 }).status === 0;
const unmount = (dir: string): void => {
  if (spawnSync('umount', [dir], { stdio: 'ignore', timeout: 10_000 }).status !== 0) spawnSync('umount', ['-l', dir], { stdio: 'ignore', timeout: 10_000 });
};

/** Whether this process may mount a tmpfs, found out once (mounted and unmounted at once) so the test's name can say which mode runs. */
const canMount = ((): boolean => {
  if (process.env.RELIABILITY_DISK_FULL === 'inject') return false;
  const probe = mkdtempSync(join(tmpdir(), 'l2c-mount-probe-'));
  const ok = mountTmpfs(probe);
  if (ok) unmount(probe);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();
const MODE = canMount ? 'tmpfs 4 MiB' : 'SQLITE_FULL injected (max_page_count)';

/** The SQLite connection behind an adapter: the injected mode limits its size (tests only). */
const connectionOf = (adapter: unknown): Database.Database => (adapter as { db: Database.Database }).db;

describe(`disk full (${MODE})`, () => {
  let root: string;
  let dataDir: string;
  let mounted = false;
  let api: TestApp | undefined;
  let http: HttpClient | undefined;
  const connections: Database.Database[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'l2c-disk-full-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
    mounted = canMount && mountTmpfs(dataDir);
    if (canMount && !mounted) throw new Error(`could not mount a tmpfs on ${dataDir}`);
  });
  afterAll(async () => {
    http?.destroy();
    await api?.close();
    if (mounted) unmount(dataDir);
    rmSync(root, { recursive: true, force: true });
  });

  /** Leaves about HEADROOM_BYTES free; returns how to free the space again. */
  const fill = (): (() => void) => {
    if (mounted) {
      const filler = join(dataDir, 'filler.bin');
      const { bavail, bsize } = statfsSync(dataDir);
      writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - HEADROOM_BYTES)));
      return () => unlinkSync(filler);
    }
    // No growth past the pages there are now, plus a few dozen commands' worth.
    for (const db of connections) db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + HEADROOM_BYTES / 4096 / 4}`);
    return () => connections.forEach((db) => db.pragma('max_page_count = 1073741823'));
  };

  it(`answers 507 "disk is full", writes nothing half, and accepts commands again once space is freed, without a restart (${MODE})`, async () => {
    api = await startTestApp({
      dataDir,
      adapters: (opened) => {
        if (!mounted) connections.push(connectionOf(opened.eventStore), connectionOf(opened.documents));
        return opened;
      },
    });
    http = new HttpClient(await listenOnLoopback(api.app), { sockets: 4 });
    const acknowledged = new Map<string, number>();
    const refusedAnswers: HttpAnswer[] = [];
    const unexpected: string[] = [];
    const writtenWhileFull: string[] = [];
    const integrityProblems: string[] = [];
    let sequence = 0;
    let afterFreeMs = 0;
    let keyInUse = 0;
    const leadId = 'disk-full-lead';
    expect((await http.post('/leads', personLead({ id: leadId }))).status).toBe(201);

    /** Every other command carries an Idempotency-Key: its records live on the same disk. */
    const send = async (activityId: string): Promise<HttpAnswer> => {
      const keyed = Number(activityId.split('-').at(-1)) % 2 === 0;
      const answer = await http!.post(`/leads/${leadId}/activities`, { activityId, activityType: 'visit', outcome: 'Visited', notes: NOTES }, keyed ? { 'Idempotency-Key': `key-${activityId}` } : {});
      if (answer.status === 201) acknowledged.set(activityId, answer.body.position);
      return answer;
    };

    for (let round = 1; round <= FILLS; round++) {
      const free = fill();
      const refused: string[] = [];
      for (let i = 0; i < MAX_COMMANDS_PER_FILL && refused.length < 10; i++) {
        const activityId = `a-${round}-${++sequence}`;
        const answer = await send(activityId);
        if (answer.status === 201) continue;
        refused.push(activityId);
        refusedAnswers.push(answer);
        if (answer.status !== 507 || answer.body?.code !== 'INSUFFICIENT_STORAGE' || !/^(event log|idempotency store) disk is full/.test(answer.body?.detail)) {
          unexpected.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
      }
      expect(refused.length).toBe(10);

      // While full: the refused commands left nothing behind, and the files are sound.
      // Reading the history over HTTP records the look first, which a full disk refuses (no record, no data): read the log itself.
      const viaApi = await http.get(`/leads/${leadId}/history?limit=500`);
      if (viaApi.status !== 507) unexpected.push(`history while full: ${viaApi.status} ${JSON.stringify(viaApi.body).slice(0, 200)}`);
      const log = openLog(dataDir);
      const history = await log.readStream(`lead-${leadId}`).finally(() => log.close());
      writtenWhileFull.push(...refused.filter((id) => history.some((e) => (e.data as { activityId?: string }).activityId === id)));
      integrityProblems.push(...integrityCheck(dataDir).problems);

      // Space comes back: the next command goes through at once, in the same process.
      free();
      const started = Date.now();
      const first = await send(`a-${round}-${++sequence}`);
      afterFreeMs = Math.max(afterFreeMs, Date.now() - started);
      if (first.status !== 201) unexpected.push(`after freeing space: ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
      // And the refused ones, sent again, are accepted once. A key whose reservation could not be
      // released on the full disk answers IDEMPOTENCY_KEY_IN_USE until it is abandoned (30 s).
      const deadline = Date.now() + 45_000;
      let pending = refused;
      while (pending.length > 0 && Date.now() < deadline) {
        const again = await Promise.all(pending.map(async (activityId) => ({ activityId, answer: await send(activityId) })));
        for (const { answer } of again) {
          if (answer.status === 409 && answer.body?.code === 'IDEMPOTENCY_KEY_IN_USE') keyInUse++;
          else if (answer.status !== 201) unexpected.push(`retry after freeing space: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
        pending = again.filter((a) => a.answer.status === 409 && a.answer.body?.code === 'IDEMPOTENCY_KEY_IN_USE').map((a) => a.activityId);
        if (pending.length > 0) await sleep(1_000);
      }
      if (pending.length > 0) unexpected.push(`still refused 45 s after freeing space: ${pending.join(', ')}`);
    }

    const caughtUp = await waitForReadModels(http, 60_000);
    // Projections that met the full disk too, retried and caught up (their last error stays visible).
    const projectionsHitFull = caughtUp.filter((p) => /read store disk is full/.test(p.lastError?.message ?? '')).length;
    const log = openLog(dataDir);
    const docs = openReadStore(dataDir);
    let lost: number;
    let extraActivities: number;
    let differing: string[];
    let logIssues: string[];
    try {
      const all = await log.readAll();
      logIssues = logProblems(all);
      const activities = all.filter((e) => e.type === 'LeadActivityLogged');
      lost = [...acknowledged].filter(([id, position]) => !activities.some((e) => e.position === position && (e.data as { activityId: string }).activityId === id)).length;
      extraActivities = activities.length - acknowledged.size;
      differing = differingProjections((await liveReadModels(docs)).hashes, await cleanRebuild(log));
    } finally {
      await log.close();
      await docs.close();
    }
    integrityProblems.push(...integrityCheck(dataDir).problems);

    const line = report('disk-full', {
      mode: MODE.replace(/ /g, '_'),
      fills: FILLS,
      accepted: acknowledged.size,
      refused507: refusedAnswers.filter((a) => a.status === 507).length,
      otherRefusals: refusedAnswers.filter((a) => a.status !== 507).length,
      details: JSON.stringify([...new Set(refusedAnswers.map((a) => String(a.body?.detail ?? '').replace(/ \(.*\)$/, '')))].join('|')),
      keyInUseAfterFree: keyInUse,
      writtenWhileFull: writtenWhileFull.length,
      projectionsThatHitFullDiskAndCaughtUp: projectionsHitFull,
      firstCommandAfterFreeMs: afterFreeMs,
      lost,
      extra: extraActivities,
      integrity: integrityProblems.length === 0 ? 'ok' : 'FAILED',
      readModelsEqualRebuild: differing.length === 0,
    });
    expect({ line, unexpected: unexpected.slice(0, 5), integrityProblems, logIssues: logIssues.slice(0, 5) }).toEqual({ line, unexpected: [], integrityProblems: [], logIssues: [] });
    expect(writtenWhileFull).toEqual([]);
    expect(lost).toBe(0);
    expect(extraActivities).toBe(0);
    expect(differing).toEqual([]);
  }, scaled(120_000, 4 * 3_600_000));
});
