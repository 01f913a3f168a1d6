import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built entry point, as `npm start` runs it; `npm test` builds before running jest. */
const MAIN = resolve(__dirname, '../../dist/apps/api/src/main.js');

const run = (env: Record<string, string>) => spawnSync(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 });

describe('the API process (npm start)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'l2c-main-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['an unwritable DATA_DIR', () => ({ DATA_DIR: join(writeFile(dir), 'data') }), /^Cannot start the API: DATA_DIR .* is not writable/],
    ['an EVENTSTORE_URL that is not esdb://', () => ({ DATA_DIR: dir, EVENTSTORE_URL: 'http://localhost:2113' }), /^Cannot start the API: EVENTSTORE_URL must start with esdb:\/\//],
    ['an EVENTSTORE_URL nobody answers', () => ({ DATA_DIR: dir, EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' }), /^Cannot start the API: EVENTSTORE_URL esdb:\/\/127\.0\.0\.1:1\?tls=false does not answer/],
    ['a PORT that is not a number', () => ({ DATA_DIR: dir, PORT: 'eighty' }), /^Cannot start the API: PORT must be an integer/],
  ])('refuses to start with %s: exit 1 and one clear line, no stack trace', (_, env, message) => {
    const result = run(env());
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  const started: ChildProcess[] = [];
  // A failed test leaves no process behind.
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** Starts the built API on a free port; resolves with its URL once it has printed its start-up lines. */
  const start = (dataDir: string, command: string = process.execPath, args: string[] = [MAIN]) => {
    const child: ChildProcess = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir } });
    started.push(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const listening = new Promise<string>((resolveUrl, reject) => {
      const check = () => {
        const match = /API listening on (http:\/\/\S+) /.exec(out);
        // The first start ends with the framed key; later starts with the summary.
        if (match && (/X-API-Key: .*\n\+-+\+\n/.test(out) || /workers: .*\n/.test(out))) resolveUrl(match[1]);
      };
      child.stdout!.on('data', check);
      void exited.then((code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
    });
    return { child, exited, listening, output: () => out };
  };

  const portIsFree = async (url: string) => fetch(`${url}/health/live`).then(
    () => false,
    () => true,
  );

  it('first start prints a short summary, then the one-time admin key framed at the very end; no route mapping lines', async () => {
    const api = start(join(dir, 'first'));
    await api.listening;
    await new Promise((r) => setTimeout(r, 300));
    const lines = api.output().trimEnd().split('\n');
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(api.output()).not.toMatch(/Mapped \{|RouterExplorer|InstanceLoader/);
    expect(lines.length).toBeLessThanOrEqual(12);
    const summary = lines.findIndex((line) => line.startsWith('API listening on '));
    expect(lines[summary]).toMatch(/^API listening on http:\/\/localhost:\d+ \(docs: http:\/\/localhost:\d+\/docs, dashboard: http:\/\/localhost:\d+\/dashboard\)$/);
    expect(lines.slice(summary + 1, summary + 4)).toEqual([`  data:    ${join(dir, 'first')}`, '  events:  embedded SQLite; read models: embedded', expect.stringMatching(/^ {2}workers: \d+ read models, \d+ policies, webhook deliveries/)]);
    const frame = lines.slice(summary + 4, summary + 10);
    expect(frame[0]).toMatch(/^\+-+\+$/);
    expect(frame[4]).toMatch(/^\| {3}X-API-Key: l2c_first-admin_[A-Za-z0-9_-]{43} +\|$/);
    expect(frame[5]).toBe(frame[0]);
    // Nothing after the key: it is the last thing on the screen.
    expect(lines.slice(summary + 10)).toEqual([]);
    expect(api.output().endsWith(`${frame[5]}\nStopped on SIGTERM.\n`)).toBe(true);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('stops cleanly on %s within a few seconds; its DATA_DIR opens again at once', async (signal) => {
    const dataDir = join(dir, signal);
    const first = start(dataDir);
    const url = await first.listening;
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const asked = Date.now();
    first.child.kill(signal);
    expect(await first.exited).toBe(0);
    expect(Date.now() - asked).toBeLessThan(5_000);
    expect(first.output()).toContain(`Stopped on ${signal}.`);
    expect(await portIsFree(url)).toBe(true);
    // The stores were closed and the read models' lock released: a new process opens the same DATA_DIR.
    const again = start(dataDir);
    const second = await again.listening;
    expect((await fetch(`${second}/health/ready`)).status).toBe(200);
    expect(again.output()).not.toMatch(/X-API-Key|l2c_/);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 90_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('npm start stops the API when %s is sent to npm, not to node: no process left, the port free', async (signal) => {
    // --ignore-scripts skips the prestart build (done before the tests), not the start script.
    const npm = start(join(dir, `npm-${signal}`), 'npm', ['start', '--ignore-scripts']);
    const url = await npm.listening;
    const apiPid = Number(/pid (\d+)/.exec(npm.output())![1]);
    expect(apiPid).not.toBe(npm.child.pid);
    npm.child.kill(signal);
    await npm.exited;
    const deadline = Date.now() + 5_000;
    while (isAlive(apiPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(apiPid)).toBe(false);
    expect(npm.output()).toContain(`Stopped on ${signal}.`);
    expect(await portIsFree(url)).toBe(true);
  }, 60_000);
});

const ROOT = resolve(__dirname, '../..');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function writeFile(parent: string): string {
  const file = join(parent, 'a-file');
  writeFileSync(file, '');
  return file;
}
