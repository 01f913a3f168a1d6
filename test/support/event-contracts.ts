import Ajv, { ValidateFunction } from 'ajv';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventContract } from '@app/domain/schemas';
import { RecordedEvent } from '@app/domain/shared';
import { SQLITE_EVENTS_FILE, SqliteEventStore } from '@app/event-store';

const ajv = new Ajv({ strict: true, allErrors: true });
const validators = new Map<string, ValidateFunction | null>();

const validatorOf = (type: string, version: number): ValidateFunction | null => {
  const key = `${type}@${version}`;
  if (!validators.has(key)) {
    const contract = eventContract(type, version);
    validators.set(key, contract ? ajv.compile(contract.schema) : null);
  }
  return validators.get(key)!;
};

/** One line per event that has no schema for its type and version, or does not match it. */
export const contractViolations = (events: Iterable<RecordedEvent>): string[] => {
  const violations: string[] = [];
  for (const event of events) {
    const { type, version, position } = event;
    const validate = validatorOf(type, version);
    if (!validate) violations.push(`${type} v${version} at position ${position}: no schema for this type and version`);
    else if (!validate(event)) violations.push(`${type} v${version} at position ${position}: ${ajv.errorsText(validate.errors)}`);
  }
  return violations;
};

/**
 * Every event of the embedded log in `dataDir` against the schema of its stored type and version
 * (test-app's destroy() runs it, so every e2e suite's events are checked). Nothing when there is no log.
 */
export const logContractViolations = async (dataDir: string): Promise<string[]> => {
  const file = join(dataDir, SQLITE_EVENTS_FILE);
  if (!existsSync(file)) return [];
  const store = new SqliteEventStore({ file });
  const violations: string[] = [];
  try {
    for (let after = 0, page: RecordedEvent[]; (page = await store.readAll({ after, maxCount: 1000 })).length > 0; after = page[page.length - 1].position) {
      violations.push(...contractViolations(page));
    }
  } finally {
    await store.close();
  }
  return violations;
};
