import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as ts from 'typescript';
import { loadCliConfig as loadConfig } from '../stores';
import { RecordedEvent } from '@app/domain/shared';
import { CliIo } from '../cli-command';
import { headPosition, runCliIn, withLog } from '../testing/run-cli';
import { EXPORT_CSV_COLUMNS, exportEvents } from './export.command';
import { seedDemo } from './seed-demo.command';

const EXAMPLES = resolve(__dirname, '../../../../examples');
const WIN_RATE = join(EXAMPLES, 'win-rate-by-capture-month.ts');
const COMPLAINTS = join(EXAMPLES, 'complaints-per-touchpoint-before-after.ts');

const quietIo = (dataDir: string): CliIo => ({ stdout: { write: () => true }, stderr: { write: () => true }, env: { DATA_DIR: dataDir } });

const ndjson = (text: string): RecordedEvent[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedEvent);

/** Win rate by month of capture, computed straight from exported events (the example must agree). */
const winRateByCaptureMonth = (events: readonly RecordedEvent[]) => {
  const month = new Map<string, string>();
  const last = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'LeadCaptured') month.set(e.streamId, e.metadata.occurredAt.slice(0, 7));
    if (!month.has(e.streamId)) continue;
    if (e.type === 'LeadCaptured' || e.type === 'LeadReopened') last.set(e.streamId, 'open');
    if (e.type === 'LeadStageAdvanced') last.set(e.streamId, (e.data as { to: string }).to);
  }
  const rows = new Map<string, { month: string; captured: number; won: number; lost: number; open: number }>();
  for (const [stream, m] of month) {
    const row = rows.get(m) ?? { month: m, captured: 0, won: 0, lost: 0, open: 0 };
    const outcome = last.get(stream)!;
    row.captured += 1;
    if (outcome === 'won') row.won += 1;
    else if (outcome === 'lost') row.lost += 1;
    else row.open += 1;
    rows.set(m, row);
  }
  return [...rows.values()]
    .sort((a, b) => (a.month < b.month ? -1 : 1))
    .map((r) => ({ ...r, winRate: r.won + r.lost ? Number((r.won / (r.won + r.lost)).toFixed(4)) : null }));
};

const complaintsByTouchpoint = (events: readonly RecordedEvent[], cutoff: string) => {
  const counts: Record<string, { touchpoint: string; before: number; after: number; change: number }> = {};
  for (const e of events.filter((x) => x.type === 'ComplaintLogged')) {
    const touchpoint = (e.data as { touchpoint: string }).touchpoint;
    const row = (counts[touchpoint] ??= { touchpoint, before: 0, after: 0, change: 0 });
    if (e.metadata.occurredAt < new Date(cutoff).toISOString()) row.before++;
    else row.after++;
    row.change = row.after - row.before;
  }
  return Object.values(counts).sort((a, b) => b.before + b.after - a.before - a.after || a.touchpoint.localeCompare(b.touchpoint));
};

/** A reader that takes one chunk at a time: every write fills its buffer, and it drains a little later. */
class SlowReader extends EventEmitter {
  readonly chunks: string[] = [];
  private waiting = false;
  /** Writes that came while it was full. */
  violations = 0;

  write(text: string): boolean {
    if (this.waiting) this.violations++;
    this.chunks.push(text);
    this.waiting = true;
    setTimeout(() => {
      this.waiting = false;
      this.emit('drain');
    }, 2);
    return false;
  }
}

describe('export and replay (in-process, a seeded 200-lead history)', () => {
  let dataDir: string;
  let all: RecordedEvent[];
  const cli = (argv: readonly string[], options?: { tty?: boolean; env?: Record<string, string> }) => runCliIn(dataDir, argv, options);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cli-export-'));
    await seedDemo(loadConfig({ DATA_DIR: dataDir }), { leads: 200, seed: 42, from: '2026-01-01T00:00:00.000Z', to: '2026-09-30T00:00:00.000Z', force: false }, quietIo(dataDir));
    // An event stored long ago in an older shape: exports and replays see it upcast.
    await withLog(dataDir, (store) =>
      store.append(
        'lead-legacy-1',
        [
          {
            type: 'LeadCaptured',
            version: 1,
            data: { leadId: 'legacy-1', kind: 'person', name: 'Old Lead', contacts: { phones: ['+86 138 0000 0000'], emails: [] }, source: 'referral', ownerId: 'rep-1', teamId: 'team-1', productInterest: [], consentGiven: true, at: '2025-12-15T09:00:00.000Z' },
            metadata: { eventId: 'legacy-1-0', occurredAt: '2025-12-15T09:00:00.000Z', recordedAt: '2025-12-15T09:00:00.000Z', actor: 'legacy', correlationId: 'legacy', causationId: null },
          },
        ],
        'no_stream',
      ),
    );
    const exported = await cli(['export']);
    expect(exported.code).toBe(0);
    all = ndjson(exported.stdout);
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('export writes every event as NDJSON in log order, upcast, and nothing else on stdout', async () => {
    const head = await headPosition(dataDir);
    const stored = await withLog(dataDir, (store) => store.readAll());
    expect(stored.length).toBeGreaterThan(1000);
    // The last event is the export's own access record, which an export leaves out unless asked for by type.
    expect(stored[stored.length - 1]).toMatchObject({ position: head, type: 'AccessRecorded' });
    expect(all.map((e) => e.position)).toEqual(stored.slice(0, -1).map((e) => e.position));
    const legacy = all.find((e) => e.streamId === 'lead-legacy-1')!;
    expect(legacy).toMatchObject({ type: 'LeadCaptured', version: 2, data: { consent: { purposes: ['sales_contact'] } }, metadata: { actor: 'legacy', causationId: null } });
    expect(legacy.data).not.toHaveProperty('consentGiven');
    expect(all.every((e) => e.type !== 'LeadCaptured' || e.version === 2)).toBe(true);
    for (const type of ['LeadCaptured', 'LeadStageAdvanced', 'CustomerRegistered', 'ComplaintLogged']) expect(all.some((e) => e.type === type)).toBe(true);
  });

  it('records every export, log and replay in the access log before any event goes out; without a purpose nothing is read', async () => {
    const access = async () => ndjson((await cli(['export', '--types', 'AccessRecorded'])).stdout).map((e) => e.data as Record<string, string>);
    const before = (await access()).length;
    const refused = await cli(['export'], { env: { L2C_PURPOSE: '' } });
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(/--purpose/);
    expect((await cli(['log', '--purpose', '<script>'])).code).toBe(2);
    expect((await cli(['log', '--stream', all[0].streamId, '--purpose', 'check one lead'], { env: { L2C_OPERATOR: 'ops-wang' } })).code).toBe(0);
    expect((await cli(['replay', WIN_RATE, '--purpose', 'win rate analysis'])).code).toBe(0);
    const entries = await access();
    // The two refused runs recorded nothing; each listing is itself a recorded export (and sees its own record).
    expect(entries.slice(before).map((e) => e.route)).toEqual(['cli log', 'cli replay', 'cli export']);
    expect(entries[before]).toMatchObject({ userId: 'cli:ops-wang', role: 'operator', subjectKind: 'lead', subjectId: all[0].streamId.slice('lead-'.length), purpose: 'check one lead', from: expect.any(String) });
    expect(entries[before + 1]).toMatchObject({ subjectKind: 'events', subjectId: '', purpose: 'win rate analysis' });
  });

  it('export --format csv: one row per event with the documented columns, properly escaped; it parses back to the same events', async () => {
    const out = join(dataDir, 'events.csv');
    const run = await cli(['export', '--format', 'csv', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^exported ${all.length} events to ${out} in [\\d.]+ s\\n$`));
    expect(run.stderr).toBe('');
    const text = readFileSync(out, 'utf8');
    const [header, ...rows] = parse(text) as string[][];
    expect(header).toEqual([...EXPORT_CSV_COLUMNS]);
    expect(rows).toHaveLength(all.length);
    rows.forEach((row, i) => {
      const e = all[i];
      const m = e.metadata;
      expect(row).toEqual([String(e.position), e.streamId, String(e.revision), e.type, String(e.version), m.occurredAt, m.recordedAt, m.actor, m.correlationId, m.causationId ?? '', JSON.stringify(e.data)]);
      expect(JSON.parse(row[10])).toEqual(e.data);
    });
    // Chinese names, commas and quotes in the JSON text survive: it needed quoting.
    expect(text).toContain('"{""leadId""');
    expect(readdirSync(dataDir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('filters by type, by stream prefix (one or several), by log position and by business date', async () => {
    const count = async (argv: string[]) => {
      const run = await cli(['export', ...argv]);
      expect(run.code).toBe(0);
      return ndjson(run.stdout);
    };
    const types = await count(['--types', 'LeadCaptured,ComplaintLogged']);
    expect(types).toEqual(all.filter((e) => e.type === 'LeadCaptured' || e.type === 'ComplaintLogged'));

    expect(await count(['--streams', 'complaint-'])).toEqual(all.filter((e) => e.streamId.startsWith('complaint-')));
    const several = await count(['--streams', 'complaint-,customer-']);
    expect(several).toEqual(all.filter((e) => e.streamId.startsWith('complaint-') || e.streamId.startsWith('customer-')));
    expect(several.length).toBeGreaterThan(0);

    // Positions as the log handed them out (an export prints them), both ends included.
    const byPosition = await count(['--from', String(all[99].position), '--to', String(all[249].position)]);
    expect(byPosition).toEqual(all.slice(99, 250));

    // Business time, not log order: --to names the last day included.
    const byDate = await count(['--from', '2026-03-01', '--to', '2026-03-31']);
    const march = all.filter((e) => e.metadata.occurredAt >= '2026-03-01T00:00:00.000Z' && e.metadata.occurredAt < '2026-04-01T00:00:00.000Z');
    expect(byDate).toEqual(march);
    expect(march.length).toBeGreaterThan(50);
    const byInstant = await count(['--from', '2026-03-01T08:00:00+08:00', '--to', '2026-03-02T00:00:00Z']);
    expect(byInstant).toEqual(all.filter((e) => Date.parse(e.metadata.occurredAt) >= Date.parse('2026-03-01T00:00:00Z') && Date.parse(e.metadata.occurredAt) < Date.parse('2026-03-02T00:00:00Z')));

    const to = all[799].position;
    const combined = await count(['--types', 'LeadStageAdvanced', '--streams', 'lead-', '--from', '2026-06-01', '--to', String(to)]);
    expect(combined).toEqual(all.filter((e) => e.type === 'LeadStageAdvanced' && e.position <= to && e.metadata.occurredAt >= '2026-06-01'));
    expect(await count(['--from', '2020-01-01', '--to', '2020-01-31'])).toEqual([]);
  });

  it('draws a progress bar on a terminal only', async () => {
    const out = join(dataDir, 'tty.ndjson');
    const tty = await cli(['export', '--out', out], { tty: true });
    expect(tty.stderr).toMatch(/^\rexport {2}[\d,]+ events {2}[\d,]+\/s {2}\d+%/);
    expect(tty.stderr).toContain(`${all.length.toLocaleString('en-US')} events`);
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(ndjson(readFileSync(out, 'utf8'))).toEqual(all);
    expect((await cli(['export', '--to', '10'])).stderr).toBe('');
  });

  it('respects backpressure: after a write returns false, nothing more is written until drain', async () => {
    const stdout = new SlowReader();
    const io: CliIo = { stdout, stderr: { write: () => true }, env: {} };
    const summary = await exportEvents(loadConfig({ DATA_DIR: dataDir }), { query: {}, format: 'ndjson', purpose: 'automated test' }, io);
    expect(summary.events).toBe(all.length);
    expect(stdout.violations).toBe(0);
    // One write per page of 500: memory holds a page, not the log.
    expect(stdout.chunks.length).toBe(Math.ceil(all.length / 500));
    expect(ndjson(stdout.chunks.join(''))).toEqual(all);
  });

  it('says so at once when --out cannot be written, and leaves nothing behind', async () => {
    const missing = join(dataDir, 'no-such-folder', 'events.csv');
    for (const argv of [['export', '--out', missing], ['replay', WIN_RATE, '--out', missing]]) {
      const run = await cli(argv);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`cannot write ${missing}: ENOENT\n`);
    }
    expect(readdirSync(dataDir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('refuses bad flags with exit 2', async () => {
    for (const argv of [
      ['export', '--format', 'xml'],
      ['export', '--from', 'yesterday'],
      ['export', '--from', '2026-02-30'],
      ['export', '--from', '300', '--to', '200'],
      ['export', '--from', '2026-01-01T08:00:00'],
      ['replay'],
      ['replay', WIN_RATE, '--format', 'xlsx'],
    ]) {
      const run = await cli(argv);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toMatch(new RegExp(`^${argv[0]}: .*; l2c ${argv[0]} --help shows its usage\n$`));
    }
  });

  it('replays win-rate-by-capture-month.ts to the same figures as a direct computation over the exported events', async () => {
    const expected = winRateByCaptureMonth(all);
    expect(expected.reduce((n, r) => n + r.captured, 0)).toBe(201);
    const json = await cli(['replay', WIN_RATE]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(expected);

    const out = join(dataDir, 'win-rate.csv');
    const csv = await cli(['replay', WIN_RATE, '--format', 'csv', '--out', out], { tty: true });
    expect(csv.stdout).toBe(`replayed ${all.filter((e) => ['LeadCaptured', 'LeadStageAdvanced', 'LeadReopened'].includes(e.type)).length} events through ${WIN_RATE} into ${out}\n`);
    expect(csv.stderr).toMatch(/^\rreplay {2}/);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual(expected.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)]))));
  });

  it('replays with --from/--to the same as a computation over an export of the same range', async () => {
    const range = ['--from', '2026-02-01', '--to', '2026-05-31'];
    const exported = ndjson((await cli(['export', ...range])).stdout);
    const replayed = await cli(['replay', WIN_RATE, ...range]);
    expect(replayed.code).toBe(0);
    const result = JSON.parse(replayed.stdout) as { month: string }[];
    expect(result).toEqual(winRateByCaptureMonth(exported));
    expect(result.map((r) => r.month)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
  });

  it('replays complaints-per-touchpoint-before-after.ts with the cut-off from the environment or its constant', async () => {
    expect(all.filter((e) => e.type === 'ComplaintLogged').length).toBeGreaterThan(3);
    const byConstant = await cli(['replay', COMPLAINTS]);
    expect(byConstant.code).toBe(0);
    expect(JSON.parse(byConstant.stdout)).toEqual(complaintsByTouchpoint(all, '2026-05-01'));

    process.env.COMPLAINTS_CUTOFF = '2026-08-01';
    try {
      const byEnv = await cli(['replay', COMPLAINTS, '--format', 'csv']);
      expect(byEnv.code).toBe(0);
      const expected = complaintsByTouchpoint(all, '2026-08-01');
      expect(parse(byEnv.stdout, { columns: true, cast: (v, c) => (c.header || c.column === 'touchpoint' ? v : Number(v)) })).toEqual(expected);
      expect(expected).not.toEqual(complaintsByTouchpoint(all, '2026-05-01'));
    } finally {
      delete process.env.COMPLAINTS_CUTOFF;
    }
  });

  it('replays a CommonJS .js module, and says what is wrong with a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-modules-'));
    try {
      const write = (name: string, code: string) => {
        writeFileSync(join(dir, name), code);
        return join(dir, name);
      };
      const counter = write('count-by-type.js', `exports.initialState = {}; exports.filter = (e) => e.streamId.startsWith('complaint-'); exports.evolve = (s, e) => ({ ...s, [e.type]: (s[e.type] || 0) + 1 });`);
      const counted = await cli(['replay', counter]);
      expect(counted.code).toBe(0);
      const expected: Record<string, number> = {};
      for (const e of all.filter((x) => x.streamId.startsWith('complaint-'))) expected[e.type] = (expected[e.type] ?? 0) + 1;
      expect(JSON.parse(counted.stdout)).toEqual(expected);

      const nested = await cli(['replay', counter, '--format', 'csv']);
      expect(nested.code).toBe(1);
      expect(nested.stderr).toContain('--format csv needs the result to be an array of flat objects');

      const broken = [
        [write('no-evolve.ts', 'export const initialState = 0;'), 'is not a projection module: evolve(state, event) is not exported'],
        [write('syntax.ts', 'export const initialState = 0;\nexport const evolve = (s: number) => s +;\n'), 'syntax.ts:2:'],
        [write('throws.ts', `export const initialState = 0;\nexport const types = ['ComplaintLogged'];\nexport const evolve = () => { throw new Error('boom'); };`), 'failed on event'],
        [join(dir, 'missing.ts'), 'missing.ts'],
        [write('notes.txt', ''), 'a projection module is a .ts or .js file'],
      ];
      for (const [file, message] of broken) {
        const run = await cli(['replay', file]);
        expect({ file, code: run.code }).toEqual({ file, code: 1 });
        expect(run.stderr).toContain(message);
      }
      const firstComplaint = all.find((e) => e.type === 'ComplaintLogged')!;
      expect((await cli(['replay', join(dir, 'throws.ts')])).stderr).toBe(`${join(dir, 'throws.ts')} failed on event ${firstComplaint.position} (ComplaintLogged on ${firstComplaint.streamId}): boom\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the example modules type-check on their own (strict), so analysts can copy them anywhere', () => {
    const program = ts.createProgram([WIN_RATE, COMPLAINTS], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: ['node'], skipLibCheck: true });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    expect(problems).toEqual([]);
  }, 30_000);
});
