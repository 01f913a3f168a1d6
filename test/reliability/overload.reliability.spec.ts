import { mkdtempSync, rmSync } from 'node:fs';
import { Socket, connect } from 'node:net';
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
    // How many are shed depends on how fast this process can send on a shared machine (the test below
    // proves shedding itself deterministically); every request got one of the two answers.
    expect(served.length + shed.length).toBe(BURSTS * REQUESTS_PER_BURST);
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
  it('answers 503 at once when every slot is taken, and a client that trickles its request is cut off (408) and frees its slot', async () => {
    const slots = 4;
    const requestTimeoutMs = 1_500;
    const api = await startApi({ DATA_DIR: mkdtempSync(join(dataDir, 'slots-')), MAX_IN_FLIGHT: String(slots), REQUEST_TIMEOUT_MS: String(requestTimeoutMs) });
    const http = new HttpClient(api.port, { sockets: 2 });
    // Each holder sends its headers and promises a body it never sends: the API counts it from its headers on.
    const holders = await Promise.all(Array.from({ length: slots }, () => sendRaw(api.port, TRICKLED_REQUEST)));
    await sleep(100);
    const refused = await http.post('/leads', personLead({ id: 'while-full' }));
    const probe = await http.get('/health/ready');
    const startedHolding = performance.now();
    const holderAnswers = await Promise.all(holders.map((h) => h.answer));
    const heldMs = performance.now() - startedHolding;
    // The holders' connections close on both ends at about the same time; the API may take its turn to
    // free their slots just after the next request arrives. A freed slot serves the client's one retry
    // after Retry-After; a slot never freed would refuse it too.
    let afterward = await http.post('/leads', personLead({ id: 'after-timeout' }));
    const afterwardRetried = afterward.status === 503;
    if (afterwardRetried) {
      await sleep(1_000 * Number(afterward.headers['retry-after'] ?? 1));
      afterward = await http.post('/leads', personLead({ id: 'after-timeout' }));
    }
    const garbled = await (await sendRaw(api.port, 'NOT HTTP AT ALL\r\n\r\n')).answer;
    const atCapacity = await Promise.all(Array.from({ length: slots }, () => new HttpClient(api.port, { sockets: 1 }).get('/leads?limit=1')));
    http.destroy();
    expect(await api.stop()).toBe(0);

    report('slots', {
      maxInFlight: slots,
      whileFullStatus: refused.status,
      whileFullCode: refused.body?.code,
      whileFullMs: Math.round(refused.ms),
      readyWhileFull: probe.status,
      holders: holderAnswers.map((a) => a.split(' ')[1] ?? a).join('/'),
      holdersCutOffAfterMs: Math.round(heldMs),
      afterTimeoutStatus: afterward.status,
      afterTimeoutRetried: afterwardRetried,
    });
    expect({ status: refused.status, code: refused.body?.code, retryAfter: refused.headers['retry-after'] }).toEqual({ status: 503, code: 'OVERLOADED', retryAfter: '1' });
    expect(refused.ms).toBeLessThan(1_000);
    expect(probe.status).toBe(200);
    expect(holderAnswers.every((a) => a.startsWith('HTTP/1.1 408') && a.includes('"code":"REQUEST_TIMEOUT"'))).toBe(true);
    expect(afterward.status).toBe(201);
    expect(garbled).toMatch(/^HTTP\/1.1 400 [\s\S]*application\/problem\+json[\s\S]*"code":"MALFORMED_REQUEST"/);
    expect(atCapacity.map((a) => a.status)).toEqual(Array(slots).fill(200));
  }, 60_000);
});

/** A request's headers with a body it never sends. */
const TRICKLED_REQUEST = 'POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';

/** Opens a connection, writes `text`, and resolves with what the API answers until it closes the connection. */
const sendRaw = (port: number, text: string): Promise<{ readonly socket: Socket; readonly answer: Promise<string> }> =>
  new Promise((resolveHeld, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(text);
      const answer = new Promise<string>((done) => {
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        socket.once('close', () => done(text || 'closed without an answer'));
      });
      resolveHeld({ socket, answer });
    });
  });
