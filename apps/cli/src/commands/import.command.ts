import { CliCommand, CliError, parseFlags, usageError } from '../cli-command';
import { csvRecord } from '../csv';
import { interruptedError } from '../interruption';
import type { ImportSummary } from '../import/importer';
import type { RowError } from '../import/row-mapper';
import { openOutput } from '../output';
import { cliConfig } from '../stores';
import { ID_PATTERN } from '@app/application/requests/ids';

export const DEFAULT_IMPORT_ACTOR = 'import';

const errorLine = (e: RowError): string =>
  `  row ${e.row}${e.column ? `, column ${e.column}` : ''}${e.field ? ` (${e.field})` : ''}: ${e.reason}${e.value !== undefined ? ` [cell: ${JSON.stringify(e.value)}]` : ''}\n`;

/** The summary and every error, as printed. */
export const importReport = (s: ImportSummary): string => {
  const would = s.dryRun ? 'would be ' : '';
  return [
    `${s.dryRun ? 'dry run of' : 'imported'} ${s.file}${s.dryRun ? ' (nothing was written)' : ''}: ${s.rowsRead} rows read, ${s.rowsRejected} rejected\n`,
    `commands: ${s.commandsAccepted} ${would}accepted, ${s.commandsRejected} rejected, ${s.commandsSkipped} skipped as already imported; ${s.eventsWritten} events ${s.dryRun ? 'would be written' : 'written'} (${s.seconds} s)\n`,
    ...(s.errors.length ? ['errors:\n', ...s.errors.map(errorLine)] : []),
  ].join('');
};

export const IMPORT_ERROR_COLUMNS = ['row', 'target', 'column', 'field', 'value', 'reason'] as const;

const writeErrors = async (path: string, errors: readonly RowError[]): Promise<void> => {
  const output = openOutput(path, process.stdout);
  try {
    await output.write(csvRecord(IMPORT_ERROR_COLUMNS));
    for (const e of errors) await output.write(csvRecord(IMPORT_ERROR_COLUMNS.map((column) => e[column])));
    await output.finish();
  } catch (error) {
    output.abort();
    throw error;
  }
};

export const importCommand: CliCommand = {
  name: 'import',
  interruptible: true,
  args: '<file.csv|file.xlsx> --mapping <mapping.json> [--dry-run] [--actor import] [--errors <errors.csv>]',
  description: 'rows of a spreadsheet as commands (capture lead, stage, activity, customer, complaint), back-dated; idempotent; --dry-run writes nothing',
  options: [
    ['<file.csv|file.xlsx>', 'the spreadsheet; CSV is streamed, XLSX read whole'],
    ['--mapping <mapping.json>', 'which columns make which commands (see examples/*.mapping.json). Required'],
    ['--dry-run', 'decide every row on the real log and write nothing'],
    ['--actor <id>', 'recorded as the actor of every event (default import); re-import with the same one'],
    ['--errors <errors.csv>', 'also write the rejected rows as CSV'],
  ],
  examples: [
    'import examples/customers.csv --mapping examples/customers.mapping.json --dry-run',
    'import examples/leads.csv --mapping examples/leads.mapping.json --errors rejected.csv',
  ],
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { mapping: 'string', 'dry-run': 'boolean', actor: 'string', errors: 'string' }, ['file']);
    if (!values.mapping) throw usageError('--mapping <mapping.json> is required');
    const actor = values.actor ?? DEFAULT_IMPORT_ACTOR;
    if (!ID_PATTERN.test(actor)) throw usageError(`--actor must be 1-64 letters, digits, _ or -, got "${actor}"`);
    // Loaded on use: the API's request classes and their decorators cost half a second at start.
    const { runImport } = await import('../import/importer');
    const summary = await runImport(cliConfig(io), { file: positionals[0], mapping: values.mapping, dryRun: values['dry-run'] === true, actor }, io);
    io.stdout.write(importReport(summary));
    if (values.errors) await writeErrors(values.errors, summary.errors);
    if (summary.interrupted) {
      throw interruptedError(
        summary.interrupted,
        `import stopped by ${summary.interrupted} after ${summary.rowsRead} rows, each finished${summary.dryRun ? '' : '; importing the file again skips them and goes on'}`,
      );
    }
    // Scripts can tell: some rows need fixing (the others are in, and stay in when the file is imported again).
    if (summary.rowsRejected > 0) throw new CliError(`${summary.rowsRejected} of ${summary.rowsRead} rows rejected; fix them and import the file again (imported rows are skipped)`);
  },
};
