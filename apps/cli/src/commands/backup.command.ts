import { CliCommand, CliError, parseFlags } from '../cli-command';
import { takeBackup } from '../backup/take-backup';
import { cliConfig } from '../stores';

export const backupCommand: CliCommand = {
  name: 'backup',
  args: '<dir>',
  description:
    'copies the embedded event log, subject keys, idempotency records, read models and key files of DATA_DIR into a new directory with a manifest, while the API runs',
  options: [['<dir>', 'a new or empty directory outside DATA_DIR; written beside it and renamed into place when complete']],
  examples: ['backup /var/backups/l2c-2026-12-07'],
  async run(args, io) {
    const { positionals } = parseFlags(args, {}, ['dir']);
    const config = cliConfig(io);
    if (config.eventStoreUrl || config.mongodbUrl) {
      throw new CliError('backup copies the embedded stores in DATA_DIR; with EVENTSTORE_URL or MONGODB_URL set, back up those servers with their own tools (README: Backup and restore)');
    }
    const manifest = await takeBackup({ dataDir: config.dataDir, target: positionals[0], onFile: (name) => io.stderr.write(`copied ${name}\n`) });
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    io.stdout.write(`backed up ${manifest.files.length} files (${bytes} bytes) to ${positionals[0]}: the log up to position ${manifest.headPosition}\n`);
    if (manifest.unrecordedErasures.length > 0) {
      io.stderr.write(`warning: erasures not recorded in the log (interrupted): ${manifest.unrecordedErasures.join(', ')}; repeat POST /subjects/{id}/erasure for them\n`);
    }
  },
};
