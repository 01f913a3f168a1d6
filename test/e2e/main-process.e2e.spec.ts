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

  it('starts on the embedded default, answers, and stops cleanly on SIGTERM', async () => {
    const child: ChildProcess = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'ok'), LOG_LEVEL: 'warn' } });
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /API listening on (http:\/\/\S+) /.exec(out);
        if (match) resolveUrl(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
    });
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000); // a process start is seconds on a loaded machine
});

function writeFile(parent: string): string {
  const file = join(parent, 'a-file');
  writeFileSync(file, '');
  return file;
}
