import { CliCommand, CliError, parseFlags } from '../cli-command';
import { restoreBackup } from '../backup/restore-backup';
import { cliConfig } from '../stores';

export const restoreCommand: CliCommand = {
  name: 'restore',
  args: '<dir> [--force]',
  description:
    'checks a backup against its manifest and restores it into DATA_DIR; refuses a DATA_DIR in use, and one that is not empty unless --force',
  options: [
    ['<dir>', 'a directory written by backup (its manifest.json is checked first)'],
    ['--force', 'replace what a DATA_DIR nothing is using already holds'],
  ],
  examples: ['restore /var/backups/l2c-2026-12-07', 'restore /var/backups/l2c-2026-12-07 --force'],
  async run(args, io) {
    const { positionals, values } = parseFlags(args, { force: 'boolean' }, ['dir']);
    const config = cliConfig(io);
    if (config.eventStoreUrl || config.mongodbUrl) {
      throw new CliError('restore writes the embedded stores in DATA_DIR; with EVENTSTORE_URL or MONGODB_URL set, restore those servers with their own tools (README: Backup and restore)');
    }
    const manifest = await restoreBackup({ source: positionals[0], dataDir: config.dataDir, force: values.force === true });
    io.stdout.write(
      `restored ${manifest.files.length} files of the backup of ${manifest.createdAt} into ${config.dataDir}: the log up to position ${manifest.headPosition}; ` +
        'the read models catch up from there when the API starts\n',
    );
    if (manifest.unrecordedErasures.length > 0) {
      io.stderr.write(`warning: erasures not recorded in the log: ${manifest.unrecordedErasures.join(', ')}; their data reads "[erased]"; repeat POST /subjects/{id}/erasure for them\n`);
    }
  },
};
