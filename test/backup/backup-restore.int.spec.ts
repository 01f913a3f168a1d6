import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandExecutor } from '@app/application/command-executor';
import { RecordedEvent } from '@app/domain/shared';
import { ERASED } from '@app/domain/personal-data/personal-data';
import { createEventStore, openEmbeddedEventStore, PersonalDataEventStore, SQLITE_EVENTS_FILE, SQLITE_SUBJECT_KEYS_FILE, SqliteEventStore } from '@app/event-store';
import { acquireProjectorLock, ProjectionRunner } from '@app/projection-engine';
import { PROJECTIONS } from '@app/read-models';
import { createDocumentStore, SQLITE_READ_MODELS_FILE, SqliteDocumentStore } from '@app/read-store';
import { SqliteIdempotencyStore } from '../../apps/api/src/shared/idempotency/sqlite-idempotency.store';
import { cleanRebuild, differingProjections, liveReadModels, totalDocs } from '../reliability/support/stores';
import { IDEMPOTENCY_FILE, MANIFEST_FILE } from '../../apps/cli/src/backup/backup-files';
import { BackupManifest } from '../../apps/cli/src/backup/manifest';
import { takeBackup } from '../../apps/cli/src/backup/take-backup';
import { CliIo } from '../../apps/cli/src/cli-command';
import { loadCliConfig } from '../../apps/cli/src/stores';
import { runCliIn } from '../../apps/cli/src/testing/run-cli';
import { seedDemo } from '../../apps/cli/src/commands/seed-demo.command';

const quietIo = (dataDir: string): CliIo => ({ stdout: { write: () => true }, stderr: { write: () => true }, env: { DATA_DIR: dataDir } });
const AT = '2026-03-01T09:00:00.000Z';
const ctx = { actor: 'admin-1', correlationId: 'backup-test', causationId: 'backup-test' };

const capture = (executor: CommandExecutor, leadId: string, name: string) =>
  executor.execute({
    aggregate: 'lead',
    id: leadId,
    command: {
      type: 'CaptureLead',
      data: { leadId, kind: 'person', name, contacts: { phones: ['+86 138 0013 8000'] }, source: 'referral', ownerId: 'rep-1', teamId: 'team-east', productInterest: [], consent: { purposes: ['sales_contact'] } },
      context: { occurredAt: AT, now: AT, actor: 'rep-1' },
    },
    ctx,
  } as never);

/** Crypto-shredding as the API's erasure does it: the key first, then the record in the log (`record: false` stops between the two). */
const erase = async (store: PersonalDataEventStore, executor: CommandExecutor, subjectId: string, record = true): Promise<void> => {
  const shredded = await store.personalData.erase(subjectId, AT);
  if (shredded.status === 'unknown' || !record) return;
  await executor.execute({
    aggregate: 'subject',
    id: subjectId,
    command: { type: 'ErasePersonalData', data: { subjectId, reason: 'data subject request', erasedAt: shredded.erasedAt, streams: shredded.streams }, context: { occurredAt: AT, now: AT, actor: 'admin-1' } },
    ctx,
  } as never);
};

/** The raw log (personal data still sealed), every event up to `upTo`. */
const rawLog = async (dataDir: string, upTo = Number.MAX_SAFE_INTEGER): Promise<RecordedEvent[]> => {
  const store = new SqliteEventStore({ file: join(dataDir, SQLITE_EVENTS_FILE) });
  try {
    return (await store.readAll({ after: 0, maxCount: 1_000_000 })).filter((e) => e.position <= upTo);
  } finally {
    await store.close();
  }
};

/** The log as the API reads it (personal data opened with the DATA_DIR's keys), as JSON text. */
const revealedLog = async (dataDir: string, upTo = Number.MAX_SAFE_INTEGER): Promise<string[]> => {
  const store = openEmbeddedEventStore(dataDir);
  try {
    return (await store.readAll({ after: 0, maxCount: 1_000_000 })).filter((e) => e.position <= upTo).map((e) => JSON.stringify(e));
  } finally {
    await store.close();
  }
};

const nameOf = async (dataDir: string, leadId: string): Promise<string> => {
  const store = openEmbeddedEventStore(dataDir);
  try {
    const [captured] = await store.readStream(`lead-${leadId}`);
    return (captured.data as { name: string }).name;
  } finally {
    await store.close();
  }
};

/** A small DATA_DIR with a few leads, its read models kept by a runner as the API does. */
const smallHistory = async (dataDir: string): Promise<void> => {
  const store = await createEventStore({ dataDir });
  const docs = await createDocumentStore({ dataDir });
  const runner = new ProjectionRunner(store, docs, PROJECTIONS, { batchSize: 500 });
  await runner.start();
  try {
    const executor = new CommandExecutor(store, loadCliConfig({ DATA_DIR: dataDir }));
    for (let i = 0; i < 5; i++) await capture(executor, `lead-${i}`, `Person ${i}`);
    if (!(await runner.waitFor(runner.projections, await store.headPosition(), 20_000))) throw new Error('the read models did not catch up');
  } finally {
    await runner.stop();
    await docs.close();
    await store.close();
  }
};

describe('backup and restore of the embedded stores', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'l2c-backup-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('backs up while commands are written; the restore holds the log as of the backup, its keys and erasures, and read models equal to a rebuild', async () => {
    const source = join(root, 'data');
    const config = loadCliConfig({ DATA_DIR: source });
    const store = await createEventStore({ dataDir: source });
    const docs = await createDocumentStore({ dataDir: source });
    // The API's part: the read models are kept while the history is written.
    const runner = new ProjectionRunner(store, docs, PROJECTIONS, { batchSize: 200 });
    await runner.start();
    const executor = new CommandExecutor(store, config);
    const canary = await capture(executor, 'canary', 'Backup Canary 备份');
    // The API's idempotency record of that command.
    const idempotency = new SqliteIdempotencyStore(join(source, IDEMPOTENCY_FILE));
    await idempotency.reserve('admin-1', 'capture-canary', 'fingerprint', AT);
    await idempotency.complete('admin-1', 'capture-canary', { status: 201, body: { id: 'canary', position: canary.position } }, 'lead-canary');
    await idempotency.close();
    await capture(executor, 'gone-before', 'Erased Before Backup');
    await capture(executor, 'gone-between', 'Erased Between Copies');
    await erase(store, executor, 'gone-before');
    expect(await runner.waitFor(runner.projections, await store.headPosition(), 30_000)).toBe(true);

    // Load: the demo history through the one write path, and leads captured one after another until the backup is done.
    let backingUp = true;
    const capturing = (async () => {
      for (let n = 0; backingUp; n++) await capture(executor, `load-${n}`, `Load ${n}`);
    })();
    const seeding = seedDemo(config, { leads: 50, seed: 11, from: '2026-01-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', force: true }, quietIo(source));
    while ((await store.headPosition()) < 60) await new Promise((r) => setTimeout(r, 20));
    const headAtStart = await store.headPosition();
    const backupDir = join(root, 'backups', 'first');
    let manifest: BackupManifest;
    try {
      manifest = await takeBackup({
        dataDir: source,
        target: backupDir,
        // An erasure falls between the log's copy and the key store's: the pair is copied again.
        afterLogCopy: async (copy) => {
          if (copy === 1) await erase(store, executor, 'gone-between');
        },
      });
    } finally {
      backingUp = false;
      await Promise.all([seeding, capturing]);
      await runner.waitFor(runner.projections, await store.headPosition(), 60_000);
      await runner.stop();
      await docs.close();
      await store.close();
    }

    const sourceHead = (await rawLog(source)).at(-1)!.position;
    expect(manifest.headPosition).toBeGreaterThan(headAtStart); // written while the backup ran
    expect(sourceHead).toBeGreaterThan(manifest.headPosition); // and after the log's copy
    expect(manifest.logAndKeyCopies).toBe(2);
    expect(manifest.unrecordedErasures).toEqual([]);
    expect(manifest.files.map((f) => f.name)).toEqual([SQLITE_READ_MODELS_FILE, IDEMPOTENCY_FILE, SQLITE_EVENTS_FILE, SQLITE_SUBJECT_KEYS_FILE, 'personal-data-hash.key']);
    for (const file of manifest.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(join(root, 'backups'))).toEqual(['first']); // no partial copy left beside it

    const restored = join(root, 'restored');
    const run = await runCliIn(restored, ['restore', backupDir]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`the log up to position ${manifest.headPosition}`);

    // The log: the same events, in the same order, at the same positions, as the source's up to the backup's head.
    const restoredLog = await rawLog(restored);
    expect(restoredLog.at(-1)!.position).toBe(manifest.headPosition);
    expect(restoredLog).toEqual(await rawLog(source, manifest.headPosition));
    // The keys: every personal field reads as in the source, the canary as it was written.
    expect(await nameOf(restored, 'canary')).toBe('Backup Canary 备份');
    expect(await revealedLog(restored)).toEqual(await revealedLog(source, manifest.headPosition));
    // Erasures stay erased, and are recorded, also the one between the two copies.
    for (const gone of ['gone-before', 'gone-between']) {
      expect(await nameOf(restored, gone)).toBe(ERASED);
      expect(restoredLog.some((e) => e.streamId === `subject-${gone}` && e.type === 'PersonalDataErased')).toBe(true);
    }

    // The idempotency records: a retry of the canary's command answers as before.
    const restoredIdempotency = new SqliteIdempotencyStore(join(restored, IDEMPOTENCY_FILE));
    expect(await restoredIdempotency.reserve('admin-1', 'capture-canary', 'fingerprint', AT)).toMatchObject({ reserved: false, record: { response: { status: 201, body: { id: 'canary' } } } });
    await restoredIdempotency.close();

    // The read models were restored (behind the log) and catch up to equal a clean rebuild of the restored log.
    const restoredStore = openEmbeddedEventStore(restored);
    const restoredDocs = new SqliteDocumentStore({ file: join(restored, SQLITE_READ_MODELS_FILE) });
    try {
      const before = await liveReadModels(restoredDocs);
      expect(Math.max(...Object.values(before.checkpoints))).toBeGreaterThan(0);
      expect(Math.max(...Object.values(before.checkpoints))).toBeLessThanOrEqual(manifest.headPosition);
      expect(totalDocs(before.hashes)).toBeGreaterThan(0);
      const catchUp = new ProjectionRunner(restoredStore, restoredDocs, PROJECTIONS, { batchSize: 500 });
      await catchUp.start();
      try {
        expect(await catchUp.waitFor(catchUp.projections, manifest.headPosition, 60_000)).toBe(true);
      } finally {
        await catchUp.stop();
      }
      const live = await liveReadModels(restoredDocs);
      expect(differingProjections(live.hashes, await cleanRebuild(restoredStore))).toEqual([]);
    } finally {
      await restoredDocs.close();
      await restoredStore.close();
    }
    // A history written, copied, restored, caught up and rebuilt: minutes on a busy 2-core machine.
  }, 180_000);

  it('an erasure interrupted between its two steps stays erased and is named in the manifest and by restore', async () => {
    const source = join(root, 'data');
    await smallHistory(source);
    const backupDir = join(root, 'backup');
    const manifest = await takeBackup({
      dataDir: source,
      target: backupDir,
      afterLogCopy: async (copy) => {
        if (copy !== 1) return;
        const store = await createEventStore({ dataDir: source });
        try {
          await erase(store, new CommandExecutor(store, loadCliConfig({ DATA_DIR: source })), 'lead-2', false);
        } finally {
          await store.close();
        }
      },
    });
    expect(manifest.unrecordedErasures).toEqual(['lead-2']);
    expect(manifest.logAndKeyCopies).toBe(2);
    const restored = join(root, 'restored');
    const run = await runCliIn(restored, ['restore', backupDir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('erasures not recorded in the log: lead-2');
    expect(await nameOf(restored, 'lead-2')).toBe(ERASED);
    expect(await nameOf(restored, 'lead-1')).toBe('Person 1');
  });

  describe('refusals', () => {
    let source: string;
    let backupDir: string;
    beforeEach(async () => {
      source = join(root, 'data');
      await smallHistory(source);
      backupDir = join(root, 'backup');
      const run = await runCliIn(source, ['backup', backupDir]);
      expect(run.code).toBe(0);
    });

    it('backup refuses a target that is not empty, and leaves nothing behind', async () => {
      const target = join(root, 'full');
      mkdirSync(target);
      writeFileSync(join(target, 'notes.txt'), 'mine');
      const run = await runCliIn(source, ['backup', target]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`backup target ${target} is not empty`);
      expect(readdirSync(target)).toEqual(['notes.txt']);
      expect(readdirSync(root).sort()).toEqual(['backup', 'data', 'full']);
    });

    it('a backup that fails midway leaves no directory that looks like a backup', async () => {
      const target = join(root, 'failed');
      await expect(
        takeBackup({
          dataDir: source,
          target,
          afterLogCopy: async () => {
            throw new Error('disk went away');
          },
        }),
      ).rejects.toThrow('disk went away');
      expect(readdirSync(root).sort()).toEqual(['backup', 'data']);
    });

    it('restore refuses a DATA_DIR that a running process holds', async () => {
      const restored = join(root, 'restored');
      const other: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      try {
        const lock = acquireProjectorLock(restored, { pid: other.pid });
        const run = await runCliIn(restored, ['restore', backupDir, '--force']);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`DATA_DIR ${restored} is in use by pid ${other.pid}`);
        expect(existsSync(join(restored, SQLITE_EVENTS_FILE))).toBe(false);
        lock.release();
      } finally {
        other.kill();
      }
    });

    it('restore refuses a DATA_DIR that is not empty unless --force, which replaces its files and their SQLite sidecars', async () => {
      const restored = join(root, 'restored');
      mkdirSync(restored);
      writeFileSync(join(restored, SQLITE_EVENTS_FILE), 'an older log');
      writeFileSync(join(restored, `${SQLITE_SUBJECT_KEYS_FILE}-wal`), 'an older WAL');
      const refused = await runCliIn(restored, ['restore', backupDir]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`DATA_DIR ${restored} is not empty`);
      expect(readFileSync(join(restored, SQLITE_EVENTS_FILE), 'utf8')).toBe('an older log');

      const forced = await runCliIn(restored, ['restore', backupDir, '--force']);
      expect(forced.code).toBe(0);
      expect(existsSync(join(restored, `${SQLITE_SUBJECT_KEYS_FILE}-wal`))).toBe(false);
      expect(await rawLog(restored)).toEqual(await rawLog(source));
      expect(await nameOf(restored, 'lead-3')).toBe('Person 3');
    });

    it('restore refuses a backup whose file does not match its checksum, and one without a manifest', async () => {
      const damaged = join(root, 'damaged');
      cpSync(backupDir, damaged, { recursive: true });
      const log = readFileSync(join(damaged, SQLITE_EVENTS_FILE));
      log[log.length - 100] ^= 0xff;
      writeFileSync(join(damaged, SQLITE_EVENTS_FILE), log);
      const restored = join(root, 'restored');
      const run = await runCliIn(restored, ['restore', damaged]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`backup ${damaged} is damaged: ${SQLITE_EVENTS_FILE} does not match its checksum in the manifest; nothing restored`);
      expect(existsSync(join(restored, SQLITE_EVENTS_FILE))).toBe(false);

      rmSync(join(damaged, MANIFEST_FILE));
      const notBackup = await runCliIn(restored, ['restore', damaged]);
      expect(notBackup.code).toBe(1);
      expect(notBackup.stderr).toContain(`${damaged} is not a backup: it has no ${MANIFEST_FILE}`);
    });

    it('both refuse the external servers, whose own tools back them up', async () => {
      const run = await runCliIn(source, ['backup', join(root, 'x')], { env: { MONGODB_URL: 'mongodb://localhost:27017/l2c?replicaSet=rs0' } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('back up those servers with their own tools');
    });
  });
});
