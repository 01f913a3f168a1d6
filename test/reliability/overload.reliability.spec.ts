import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personLead } from '../support/fixtures';
import { killAllApis, rssMiB, startApi } from './support/api-process';
import { HttpAnswer, HttpClient } from './support/http-client';
import { percentile, report, scaled, sleep } from './support/reliability';
import { openLog } from './support/stores';

/** The capacity the API is given for the test; the burst is far above it. */
const MAX_IN_FLIGHT = 32;
const SOCKETS = 200;
const BURSTS = scaled(1, 100);
const REQUESTS_PER_BURST = 2_000;
/** Resident memory the API may reach under the burst. */
const RSS_CEILING_MIB = 600;

/**
 * A burst of 2000 requests over 200 connections against an API allowed 32 at a time: the excess is
 * answered 503 OVERLOADED at once instead of queueing, memory stays bounded, health probes keep
 * answering, nothing half-done is left behind, and the API serves normally right after, without
 * a restart.
 */
describe('overload (the built API, a burst far above capacity)', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'l2c-overload-'))));
  afterAll(async () => {
    await killAllApis();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`sheds load with fast 503s, stays within ${RSS_CEILING_MIB} MiB and recovers without a restart`, async () => {
    const api = await startApi({ DATA_DIR: dataDir, MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) });
    const probe = new HttpClient(api.port, { sockets: 1 });
    const served: number[] = [];
    const shed: number[] = [];
    const unexpected: string[] = [];
    const failures: string[] = [];
    const captured = new Map<string, number>();
    const probes = { sent: 0, ok: 0 };
    let peakRss = 0;
    let sequence = 0;

    // Warm up, then note what one request costs when the API is idle.
    for (let i = 0; i < 20; i++) await probe.post('/leads', personLead({ id: `warm-${i}` }));
    const baselineRss = rssMiB(api.pid)!;
    const idle = (await probe.get('/leads?limit=50')).ms;

    for (let burst = 1; burst <= BURSTS; burst++) {
      const http = new HttpClient(api.port, { sockets: SOCKETS, timeoutMs: 30_000 });
      let running = true;
      const sampler = (async () => {
        while (running) {
          peakRss = Math.max(peakRss, rssMiB(api.pid) ?? 0);
          await sleep(20);
        }
      })();
      // Readiness probes keep answering while the API sheds load.
      const prober = (async () => {
        while (running) {
          probes.sent++;
          if ((await probe.get('/health/ready').catch(() => undefined))?.status === 200) probes.ok++;
          await sleep(50);
        }
      })();
      const perSocket = REQUESTS_PER_BURST / SOCKETS;
      await Promise.all(
        Array.from({ length: SOCKETS }, async () => {
          for (let i = 0; i < perSocket; i++) {
            const n = ++sequence;
            const write = n % 4 !== 0;
            let answer: HttpAnswer;
            try {
              answer = write ? await http.post('/leads', personLead({ id: `burst-${n}` })) : await http.get('/leads?limit=50');
            } catch (error) {
              failures.push(String(error));
              continue;
            }
            if (answer.status === 503 && answer.body?.code === 'OVERLOADED' && answer.headers['retry-after'] && /problem\+json/.test(String(answer.headers['content-type']))) {
              shed.push(answer.ms);
            } else if (answer.status === (write ? 201 : 200)) {
              served.push(answer.ms);
              if (write) captured.set(`burst-${n}`, answer.body.position);
            } else {
              unexpected.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
            }
          }
        }),
      );
      running = false;
      await Promise.all([sampler, prober]);
      http.destroy();
    }

    // Right after: normal service, without a restart, and no capacity leaked by the shed requests:
    // exactly MAX_IN_FLIGHT requests at once are all served.
    const after = await probe.post('/leads', personLead({ id: 'after-burst' }));
    const full = new HttpClient(api.port, { sockets: MAX_IN_FLIGHT });
    const atCapacity = await Promise.all(Array.from({ length: MAX_IN_FLIGHT }, () => full.get('/leads?limit=5')));
    full.destroy();
    probe.destroy();
    expect(await api.stop()).toBe(0);

    const log = openLog(dataDir);
    let lost: number;
    let capturedInLog: number;
    try {
      const events = await log.readAll({ types: ['LeadCaptured'] });
      const inLog = new Map(events.map((e) => [(e.data as { leadId: string }).leadId, e.position]));
      lost = [...captured].filter(([id, position]) => inLog.get(id) !== position).length;
      capturedInLog = [...inLog.keys()].filter((id) => id.startsWith('burst-')).length;
    } finally {
      await log.close();
    }

    const line = report('overload', {
      maxInFlight: MAX_IN_FLIGHT,
      sockets: SOCKETS,
      requests: BURSTS * REQUESTS_PER_BURST,
      served: served.length,
      shed503: shed.length,
      other: unexpected.length,
      noAnswer: failures.length,
      shedP50ms: Math.round(percentile(shed, 50)),
      shedP99ms: Math.round(percentile(shed, 99)),
      servedP50ms: Math.round(percentile(served, 50)),
      servedP99ms: Math.round(percentile(served, 99)),
      maxMs: Math.round(Math.max(...shed, ...served)),
      idleRequestMs: Math.round(idle),
      rssBaselineMiB: Math.round(baselineRss),
      rssPeakMiB: Math.round(peakRss),
      readyProbesOk: `${probes.ok}/${probes.sent}`,
      afterBurstStatus: after.status,
      afterBurstMs: Math.round(after.ms),
      atCapacityServed: `${atCapacity.filter((a) => a.status === 200).length}/${MAX_IN_FLIGHT}`,
      acknowledgedCapturesLost: lost,
      shedButWritten: capturedInLog - captured.size,
    });
    expect({ line, unexpected: unexpected.slice(0, 5), failures: failures.slice(0, 5) }).toEqual({ line, unexpected: [], failures: [] });
    // How many are shed depends on how fast this process can send on a shared machine; that some are, and fast, is the point.
    expect(shed.length).toBeGreaterThan(REQUESTS_PER_BURST / 40);
    expect(served.length).toBeGreaterThan(0);
    // Shed answers are fast (no queue behind them), and no answer waited long.
    expect(percentile(shed, 99)).toBeLessThan(3_000);
    expect(Math.max(...shed, ...served)).toBeLessThan(10_000);
    expect(peakRss).toBeLessThan(RSS_CEILING_MIB);
    expect(probes.ok).toBe(probes.sent);
    expect(after.status).toBe(201);
    expect(after.ms).toBeLessThan(1_000);
    expect(atCapacity.every((a) => a.status === 200)).toBe(true);
    expect(lost).toBe(0);
    expect(capturedInLog).toBe(captured.size);
  }, scaled(120_000, 4 * 3_600_000));
});
