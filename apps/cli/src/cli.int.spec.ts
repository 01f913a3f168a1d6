import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTIONS } from '@app/read-models';
import { acquireProjectorLock } from '@app/projection-engine';
import { COMMANDS } from './cli';
import { headPosition, runCliIn } from './testing/run-cli';

const cli = runCliIn;

/** The status table as rows keyed by column name. */
const table = (stdout: string): Record<string, string>[] => {
  const [header, ...rows] = stdout.trim().split('\n');
  const columns = header.split(/\s{2,}/);
  return rows.map((row) => Object.fromEntries(row.split(/\s{2,}/).map((cell, i) => [columns[i], cell])));
};

const PERIOD = ['--from', '2026-01-01', '--to', '2026-09-30'];

describe('admin CLI (in-process, embedded stores)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cli-int-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('help lists every command; an unknown command is exit 2', async () => {
    const help = await cli(dataDir, ['help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command.name} `);
    for (const name of ['status', 'log', 'seed-demo', 'projections status', 'projections rebuild', 'export', 'replay', 'import', 'help']) expect(help.stdout).toContain(name);
    const unknown = await cli(dataDir, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('unknown command "frobnicate"; l2c --help lists the commands\n');
    for (const argv of [['--help'], ['-h'], []]) expect(await cli(dataDir, argv)).toEqual({ code: 0, stdout: help.stdout, stderr: '' });
  });

  it('every command answers --help and -h with its usage, options and an example, exit 0, touching nothing', async () => {
    for (const command of COMMANDS) {
      const words = command.name.split(' ');
      for (const flag of ['--help', '-h']) {
        const run = await cli(dataDir, [...words, flag]);
        expect({ command: command.name, code: run.code, stderr: run.stderr }).toEqual({ command: command.name, code: 0, stderr: '' });
        expect(run.stdout).toContain(`usage: l2c ${command.name}`);
        expect(run.stdout).toContain('  -h, --help');
        expect(run.stdout).toMatch(new RegExp(`examples:\n  l2c ${command.name}`));
      }
    }
    const importHelp = await cli(dataDir, ['import', '--help']);
    expect(importHelp.stdout).toContain('--mapping <mapping.json>');
    expect((await cli(dataDir, ['help', 'import'])).stdout).toBe(importHelp.stdout);
    // Help among other arguments still wins: nothing is read or written.
    expect((await cli(dataDir, ['import', 'missing.csv', '--help'])).code).toBe(0);
    const group = await cli(dataDir, ['projections', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('projections rebuild');
    expect((await cli(dataDir, ['projections'])).code).toBe(2);
    expect(await headPosition(dataDir)).toBe(0);
  });

  it('an unknown option is one line naming it and pointing to --help, exit 2', async () => {
    const run = await cli(dataDir, ['import', 'x.csv', '--mapping', 'm.json', '--colour']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'import: unknown option --colour; l2c import --help shows its usage\n' });
    const npm = await cli(dataDir, ['status', '-x'], { env: { npm_lifecycle_event: 'cli' } });
    expect(npm.stderr).toBe('status: unknown option -x; npm run cli -- status --help shows its usage\n');
  });

  it('seed-demo writes a 50-lead history, printing only the summary when stderr is not a terminal; a second run refuses', async () => {
    const seeded = await cli(dataDir, ['seed-demo', '--leads', '50', '--seed', '42', ...PERIOD]);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    const head = await headPosition(dataDir);
    expect(head).toBeGreaterThan(300);
    expect(seeded.stdout).toMatch(new RegExp(`^seeded 50 leads, \\d+ customers, \\d+ complaints: ${head} events from \\d+ commands in [\\d.]+ s \\(2026-01-01 to 2026-09-30, seed 42\\)\\n$`));

    const again = await cli(dataDir, ['seed-demo', '--leads', '50']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`the log already holds ${head} events; seed-demo only writes into an empty log, use --force to add anyway\n`);
    expect(await headPosition(dataDir)).toBe(head);
  });

  it('seed-demo --force with the same seed and period finds its own events (idempotent); another seed adds a history', async () => {
    const before = await headPosition(dataDir);
    const same = await cli(dataDir, ['seed-demo', '--leads', '50', '--seed', '42', ...PERIOD, '--force']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(': 0 events from');
    expect(await headPosition(dataDir)).toBe(before);

    const other = await cli(dataDir, ['seed-demo', '--leads', '20', '--seed', '7', ...PERIOD, '--force'], { tty: true });
    expect(other.code).toBe(0);
    expect(await headPosition(dataDir)).toBeGreaterThan(before);
    // On a terminal: a progress line redrawn in place, cleared before the summary.
    expect(other.stderr).toMatch(/^\rseed-demo {2}[\d,]+ events {2}[\d,]+\/s/);
    expect(other.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('refuses bad arguments with exit 2', async () => {
    expect((await cli(dataDir, ['seed-demo', '--leads', 'many'])).code).toBe(2);
    expect((await cli(dataDir, ['seed-demo', '--from', '2026-05-01', '--to', '2026-04-01'])).stderr).toContain('--from');
    expect((await cli(dataDir, ['seed-demo', '--bogus'])).code).toBe(2);
    const rebuild = await cli(dataDir, ['projections', 'rebuild', 'nope']);
    expect(rebuild.code).toBe(2);
    expect(rebuild.stderr).toContain(`one of ${PROJECTIONS.map((p) => p.name).join(', ')}, or all`);
    expect((await cli(dataDir, ['projections', 'rebuild'])).code).toBe(2);
  });

  it('projections status catches every projection up, then rebuild all swaps in new generations with the same documents', async () => {
    const head = await headPosition(dataDir);
    const status = await cli(dataDir, ['projections', 'status']);
    expect(status.code).toBe(0);
    const before = table(status.stdout);
    expect(before.map((row) => row.name)).toEqual(PROJECTIONS.map((p) => p.name));
    for (const row of before) {
      expect(row).toMatchObject({ generation: '1', state: 'live', checkpoint: String(head), head: String(head), lag: '0', 'last error': '-' });
    }
    expect(Number(before.find((row) => row.name === 'pipeline')!.documents)).toBe(70);
    expect(before.every((row) => Number(row.documents) > 0)).toBe(true);

    const rebuilt = await cli(dataDir, ['projections', 'rebuild', 'all'], { tty: true });
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/rebuild {2}\[[#.]+\] {2}[\d,]+\/[\d,]+ events/);
    const after = table(rebuilt.stdout);
    for (const row of after) {
      const previous = before.find((b) => b.name === row.name)!;
      expect(row).toMatchObject({ generation: '2', state: 'live', checkpoint: String(head), lag: '0', documents: previous.documents, 'last error': '-' });
    }
    // The lock is released: the next command may own the read models again.
    expect((await cli(dataDir, ['projections', 'status'])).code).toBe(0);
  });

  it('leaves the read models to the API while it holds the projector lock', async () => {
    const apiPid = process.ppid; // any live process other than ours
    const lock = acquireProjectorLock(dataDir, { pid: apiPid });
    try {
      const rebuild = await cli(dataDir, ['projections', 'rebuild', 'pipeline']);
      expect(rebuild.code).toBe(1);
      expect(rebuild.stderr).toBe(`the API (pid ${apiPid}) owns the read models; rebuild through it: POST /projections/pipeline/rebuild\n`);
      const all = await cli(dataDir, ['projections', 'rebuild', 'all']);
      expect(all.stderr).toBe(`the API (pid ${apiPid}) owns the read models; rebuild through it: POST /projections/<name>/rebuild\n`);
      const status = await cli(dataDir, ['projections', 'status']);
      expect(status.code).toBe(1);
      expect(status.stderr).toContain(`the API (pid ${apiPid}) owns the read models`);
    } finally {
      lock.release();
    }
  });

  it('status and log still work', async () => {
    const status = await cli(dataDir, ['status']);
    expect(JSON.parse(status.stdout)).toEqual({ headPosition: await headPosition(dataDir) });
    const log = await cli(dataDir, ['log', '--limit', '3', '--types', 'LeadCaptured']);
    const events = log.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.type === 'LeadCaptured' && e.version === 2)).toBe(true);
  });
});
