import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built command line, as `npx l2c` and `npm run cli` run it; `npm test` builds before running jest. */
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

const run = (args: string[], dataDir: string) => spawnSync(CLI, args, { cwd: ROOT, env: { PATH: process.env.PATH, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 30_000 });

describe('the command line process (l2c)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm ci and npm test do)`);
    dir = mkdtempSync(join(tmpdir(), 'l2c-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs as an executable with its shebang and answers --help at once, without compiling', () => {
    const started = Date.now();
    const help = run(['--help'], dir);
    expect({ status: help.status, stderr: help.stderr }).toEqual({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: l2c <command> \[options\]/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const importHelp = run(['import', '--help'], dir);
    expect(importHelp.status).toBe(0);
    expect(importHelp.stdout).toContain('--mapping <mapping.json>');
    const unknown = run(['import', '--colour'], dir);
    expect({ status: unknown.status, stderr: unknown.stderr }).toEqual({ status: 2, stderr: 'import: unknown option --colour; l2c import --help shows its usage\n' });
  });

  it('seed-demo stopped by SIGTERM finishes the commands in flight, says what it wrote and exits 143; the log holds exactly that', async () => {
    const dataDir = join(dir, 'seed');
    const child = spawn(CLI, ['seed-demo', '--leads', '20000', '--from', '2025-01-01', '--to', '2025-12-31'], { cwd: ROOT, env: { PATH: process.env.PATH, DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Until the log has some events (the process owns the file's writes; reading its head is safe with WAL).
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const status = run(['status'], dataDir);
      if (status.status === 0 && JSON.parse(status.stdout).headPosition > 500) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/^SIGTERM: finishing the work in hand, then stopping/);
    expect(stderr).toMatch(/seed-demo stopped by SIGTERM: the history is partial; seed-demo --force --leads 20000 --seed 42 --from 2025-01-01T00:00:00.000Z --to 2026-01-01T00:00:00.000Z completes it/);
    const written = Number(/: (\d+) events from \d+ commands/.exec(stdout)?.[1]);
    expect(written).toBeGreaterThan(500);
    expect(JSON.parse(run(['status'], dataDir).stdout)).toEqual({ headPosition: written });
  }, 60_000);

  it('export --out stopped by a signal leaves neither the file nor a partial one, and exits with the signal', async () => {
    const dataDir = join(dir, 'export');
    expect(run(['seed-demo', '--leads', '3000'], dataDir).status).toBe(0);
    const out = join(dataDir, 'events.ndjson');
    const child = spawn(CLI, ['export', '--purpose', 'signal test', '--out', out], { cwd: ROOT, env: { PATH: process.env.PATH, DATA_DIR: dataDir } });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Once it is writing: the partial file is there.
    const partials = () => readdirSync(dataDir).filter((name) => name.endsWith('.partial'));
    const deadline = Date.now() + 20_000;
    while (partials().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGTERM');
    const code = await exited;
    // An export that finished before the signal arrived proves nothing: it must have been stopped.
    expect({ code, out: existsSync(out), partials: partials() }).toEqual({ code: null, out: false, partials: [] });
    expect(child.signalCode).toBe('SIGTERM');
  }, 60_000);
});
