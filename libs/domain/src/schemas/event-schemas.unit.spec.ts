import Ajv from 'ajv';
import { join } from 'node:path';
import { COMPLAINT_EVENT_TYPES } from '../complaint/complaint.events';
import { CUSTOMER_EVENT_TYPES } from '../customer/customer.events';
import { LEAD_EVENT_VERSIONS, LeadCapturedV1Data } from '../lead/lead.events';
import { leadUpcasters } from '../lead/lead.upcasters';
import { createUpcast, RecordedEvent } from '../shared';
import { WEBHOOK_EVENT_TYPES } from '../webhook/webhook.events';
import { SUBJECT_EVENT_TYPES } from '../personal-data/personal-data.events';
import { staleEventSchemaFiles } from '../../tools/event-schema-generator';
import { CURRENT_EVENT_VERSIONS, EVENT_CONTRACTS, eventContract, FEED_EVENT_TYPES } from './event-schemas';
import { API_KEY_EVENT_TYPES } from '../api-key';
import { ACCESS_LOG_EVENT_TYPES } from '../access-log';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

const ajv = new Ajv({ strict: true, allErrors: true });
const validatorOf = (type: string, version: number) => ajv.getSchema(eventContract(type, version)!.schema.$id) ?? ajv.compile(eventContract(type, version)!.schema);

const v1: RecordedEvent = {
  streamId: 'lead-1',
  revision: 0,
  position: 7,
  type: 'LeadCaptured',
  version: 1,
  data: {
    leadId: '1',
    kind: 'person',
    name: 'Wang Fang',
    contacts: { phones: ['+86 138 0000 0000'], emails: [] },
    source: 'telemarketing',
    ownerId: 'rep-1',
    teamId: 'team-1',
    productInterest: ['printer'],
    consentGiven: true,
    at: '2023-05-01T08:00:00.000Z',
  } satisfies LeadCapturedV1Data,
  metadata: { eventId: 'e-1', occurredAt: '2023-05-01T08:00:00.000Z', recordedAt: '2023-05-01T08:00:01.000Z', actor: 'rep-1', correlationId: 'c-1', causationId: null },
};

describe('event contracts (JSON Schemas generated from event-catalog.ts)', () => {
  it('the committed schemas are what the catalog generates (run `npm run schemas` after changing an event)', () => {
    expect(staleEventSchemaFiles(REPO_ROOT)).toEqual({ outdated: [], extra: [] });
  }, 30_000);

  it('every event type the deciders emit has a schema at the version they emit', () => {
    const emitted: Record<string, number> = {
      ...LEAD_EVENT_VERSIONS,
      ...Object.fromEntries([...CUSTOMER_EVENT_TYPES, ...COMPLAINT_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES, ...SUBJECT_EVENT_TYPES, ...API_KEY_EVENT_TYPES, ...ACCESS_LOG_EVENT_TYPES].map((type) => [type, 1])),
    };
    expect(CURRENT_EVENT_VERSIONS).toEqual(emitted);
  });

  it('every older stored version has an upcaster to the next one', () => {
    const steps = new Set(leadUpcasters.map((u) => `${u.type}@${u.fromVersion}`));
    const old = EVENT_CONTRACTS.filter((c) => !c.current);
    expect(old.map((c) => `${c.type}@${c.version}`)).toEqual(['LeadCaptured@1']);
    for (const c of old) expect(steps.has(`${c.type}@${c.version}`)).toBe(true);
  });

  it('the feeds carry the business events only, not the webhook registrations', () => {
    expect(FEED_EVENT_TYPES).toContain('LeadCaptured');
    expect(FEED_EVENT_TYPES).toContain('ComplaintDeadlineMissed');
    expect(FEED_EVENT_TYPES).not.toContain('WebhookRegistered');
    for (const internal of ['WebhookRemoved', 'ApiKeyIssued', 'ApiKeyRevoked', 'AccessRecorded']) expect(FEED_EVENT_TYPES).not.toContain(internal);
    expect(FEED_EVENT_TYPES.length).toBeLessThan(Object.keys(CURRENT_EVENT_VERSIONS).length - WEBHOOK_EVENT_TYPES.length);
  });

  it('every schema is valid draft-07 that a strict validator compiles, with a unique $id', () => {
    for (const c of EVENT_CONTRACTS) expect(() => validatorOf(c.type, c.version)).not.toThrow();
    expect(new Set(EVENT_CONTRACTS.map((c) => c.schema.$id)).size).toBe(EVENT_CONTRACTS.length);
  });

  it('a stored LeadCaptured v1 matches the v1 schema, and its upcast matches the v2 schema', () => {
    const validV1 = validatorOf('LeadCaptured', 1);
    const validV2 = validatorOf('LeadCaptured', 2);
    expect(validV1(v1)).toBe(true);
    expect(validV2(v1)).toBe(false);
    const upcast = createUpcast(leadUpcasters)(v1);
    expect(validV2(upcast)).toBe(true);
    expect(validV2.errors ?? null).toBeNull();
  });

  it('the schemas refuse what the types do not allow: unknown fields, missing fields, wrong enums', () => {
    const valid = validatorOf('LeadCaptured', 1);
    const data = v1.data as Record<string, unknown>;
    expect(valid({ ...v1, data: { ...data, surprise: 1 } })).toBe(false);
    expect(valid({ ...v1, data: { ...data, source: 'carrier_pigeon' } })).toBe(false);
    const { name: _name, ...nameless } = data;
    expect(valid({ ...v1, data: nameless })).toBe(false);
    expect(valid({ ...v1, metadata: { ...v1.metadata, causationId: 3 } })).toBe(false);
    expect(valid({ ...v1, type: 'LeadQualified' })).toBe(false);
  });
});
