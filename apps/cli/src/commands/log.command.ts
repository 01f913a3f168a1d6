import { upcastEvent } from '@app/domain';
import { CliCommand, integerFlag, parseFlags } from '../cli-command';
import { cliConfig, withEventStore } from '../stores';
import { recordCliAccess, statedPurpose } from '../access';

const PAGE = 500;

export const logCommand: CliCommand = {
  name: 'log',
  args: '--purpose <why> [--stream <streamId>] [--prefix <streamPrefix>] [--after <position>] [--types <a,b>] [--limit <n>]',
  description: 'events as NDJSON, oldest first (upcast to their current version)',
  options: [
    ['--purpose <why>', 'why you read personal data; recorded in the access log (or L2C_PURPOSE). Required'],
    ['--stream <streamId>', 'one record’s events (lead-<id>, customer-<id>, complaint-<id>)'],
    ['--prefix <streamPrefix>', 'only streams whose id starts with this'],
    ['--after <position>', 'only events after this log position (default 0)'],
    ['--types <a,b>', 'only these event types'],
    ['--limit <n>', 'at most n events'],
  ],
  examples: [
    "log --stream lead-3f2a… --purpose 'complaint follow-up'",
    "log --after 100 --types LeadStageAdvanced --limit 50 --purpose 'funnel analysis'",
  ],
  async run(args, io) {
    const { values } = parseFlags(args, { stream: 'string', prefix: 'string', after: 'string', types: 'string', limit: 'string', purpose: 'string' });
    const purpose = statedPurpose(values.purpose, io);
    const limit = integerFlag(values.limit, 'limit', Number.MAX_SAFE_INTEGER, 0);
    const types = values.types?.split(',').filter(Boolean);
    const print = (event: Parameters<typeof upcastEvent>[0]) => io.stdout.write(`${JSON.stringify(upcastEvent(event))}\n`);
    await withEventStore(cliConfig(io), async (store) => {
      await recordCliAccess(store, io, { command: 'log', purpose, stream: values.stream });
      if (values.stream) {
        for (const event of await store.readStream(values.stream, { fromRevision: 0, maxCount: limit })) print(event);
        return;
      }
      let after = integerFlag(values.after, 'after', 0, 0);
      for (let written = 0; written < limit; ) {
        const page = await store.readAll({ after, maxCount: Math.min(PAGE, limit - written), types, streamPrefix: values.prefix });
        page.forEach(print);
        written += page.length;
        if (page.length === 0) break;
        after = page[page.length - 1].position;
      }
    });
  },
};
