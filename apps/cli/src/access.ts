import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { accessRecorded, accessStreamId, STATED_PURPOSE, STATED_PURPOSE_RULE } from '@app/domain/access-log';
import { parseStreamName } from '@app/domain/shared';
import { EventStore } from '@app/event-store';
import { CliIo, usageError } from './cli-command';

/** The records a look at one stream is filed under, as the API files its looks. */
const RECORD_KINDS: readonly string[] = ['lead', 'customer', 'complaint'];

/**
 * Why the operator reads personal data out of the log: `--purpose`, else L2C_PURPOSE (for scripts).
 * Required, as X-Purpose is for the API's exports: a missing or malformed one is a usage error.
 */
export const statedPurpose = (flag: string | undefined, io: CliIo): string => {
  const purpose = (flag ?? io.env.L2C_PURPOSE)?.trim();
  if (!purpose) throw usageError('Say why you read the log: --purpose "<why>" (or L2C_PURPOSE); it is recorded in the access log');
  if (!STATED_PURPOSE.test(purpose)) throw usageError(`--purpose must be ${STATED_PURPOSE_RULE}`);
  return purpose;
};

/**
 * Records the look in the access log (GET /audit/access) before the command prints anything: no
 * record, no data, as on the API. The operator is the operating-system user (L2C_OPERATOR names a
 * service account instead), filed as `cli:<name>` from `<host>`.
 */
export const recordCliAccess = async (store: EventStore, io: CliIo, look: { readonly command: string; readonly purpose: string; readonly stream?: string }): Promise<void> => {
  const stream = look.stream === undefined ? undefined : parseStreamName(look.stream);
  const record = stream && RECORD_KINDS.includes(stream.category) ? stream : undefined;
  const at = new Date().toISOString();
  const event = accessRecorded(
    {
      userId: `cli:${io.env.L2C_OPERATOR?.trim() || userInfo().username}`,
      role: 'operator',
      subjectKind: record?.category ?? 'events',
      subjectId: record?.id ?? '',
      route: `cli ${look.command}`,
      purpose: look.purpose,
      from: hostname(),
      at,
    },
    { eventId: randomUUID(), correlationId: randomUUID(), causationId: null },
  );
  await store.append(accessStreamId(event.data), [event], 'any');
};
