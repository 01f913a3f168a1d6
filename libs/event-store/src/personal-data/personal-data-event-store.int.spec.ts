import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED } from '@app/domain/personal-data';
import { RecordedEvent } from '@app/domain/shared';
import { createEventStore, SQLITE_EVENTS_FILE } from '../create-event-store';
import { NewEvent } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { SQLITE_SUBJECT_KEYS_FILE } from './sqlite-subject-key-store';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'l2c-personal-data-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The decorator keeps every promise of the port.
eventStoreContract('SQLite adapter with personal-data protection', async () => {
  const store = await createEventStore({ dataDir: tempDir() });
  return { store, cleanup: () => store.close() };
});

const CANARY = { name: 'Canary Zhuang Quixote', phone: '+86 177 4242 0099', email: 'canary.quixote@example.org', wechat: 'canary_wx_4242' };

const capture = (leadId: string): NewEvent =>
  newEvent('LeadCaptured', {
    leadId,
    kind: 'person',
    name: CANARY.name,
    contacts: { phones: [CANARY.phone], emails: [CANARY.email], wechat: CANARY.wechat },
    source: 'web',
    ownerId: 'rep-1',
    teamId: 'team-1',
    productInterest: ['printer'],
    consent: { purposes: ['sales_contact'] },
    at: '2025-01-01T00:00:00.000Z',
  }, 2);

/** Every byte SQLite keeps for a file: the database and its WAL. */
const bytesOf = (file: string): string => Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`, { flag: 'a+' })]).toString('latin1');
const plainTexts = [CANARY.name, CANARY.phone, '8617742420099', CANARY.email, CANARY.wechat, 'Quixote', '42420099'];
// Eight digits at least: a shorter run turns up by chance in the hex of keyed hashes and random ids.

describe('personal data in the embedded log', () => {
  it('the SQLite event log file holds no plain text of a captured lead, and readers get it back', async () => {
    const dataDir = tempDir();
    const store = await createEventStore({ dataDir });
    await store.append('lead-l-1', [capture('l-1')], 'no_stream');
    const [read] = await store.readStream('lead-l-1');
    expect(read.data).toMatchObject({ name: CANARY.name, contacts: { phones: [CANARY.phone], emails: [CANARY.email], wechat: CANARY.wechat } });
    expect((await store.readAll())[0].data).toEqual(read.data);
    await store.close();

    const log = bytesOf(join(dataDir, SQLITE_EVENTS_FILE));
    expect(log).toContain('LeadCaptured');
    for (const text of plainTexts) expect({ text, inLog: log.includes(text) }).toEqual({ text, inLog: false });
    // Nor the key store: it keeps keys and keyed hashes, never the values.
    const keys = bytesOf(join(dataDir, SQLITE_SUBJECT_KEYS_FILE));
    for (const text of plainTexts) expect({ text, inKeys: keys.includes(text) }).toEqual({ text, inKeys: false });

    const raw = new SqliteEventStore({ file: join(dataDir, SQLITE_EVENTS_FILE) });
    const [stored] = await raw.readStream('lead-l-1');
    await raw.close();
    expect(stored.data).toMatchObject({ name: expect.stringMatching(/^enc:v1:/), contacts: { phones: [expect.stringMatching(/^enc:v1:/)] }, source: 'web', leadId: 'l-1' });
  });

  it('subscriptions decrypt, and never report as scanned an event they still hold', async () => {
    const store = await createEventStore({ dataDir: tempDir(), sparsePositions: true });
    const subscription = store.subscribe();
    const iterator = subscription[Symbol.asyncIterator]();
    await store.append('lead-l-2', [capture('l-2')], 'no_stream');
    await store.append('lead-l-3', [capture('l-3')], 'no_stream');
    const third = await store.append('lead-l-4', [capture('l-4')], 'no_stream');
    const first = (await iterator.next()).value as RecordedEvent;
    expect(first.data).toMatchObject({ leadId: 'l-2', name: CANARY.name });
    // The second event is taken ahead (to fetch keys together) but not handed on yet.
    const [, second] = await store.readAll();
    expect(subscription.scannedTo).toBeLessThan(second.position);
    const rest = [(await iterator.next()).value, (await iterator.next()).value] as RecordedEvent[];
    expect(rest.map((e) => (e.data as { name: string }).name)).toEqual([CANARY.name, CANARY.name]);
    expect(rest[1].position).toBe(third.position);
    await subscription.close();
    await store.close();
  });

  it('after erasure every read path shows the erased marker, and the key is gone from the key store file', async () => {
    const dataDir = tempDir();
    const store = await createEventStore({ dataDir });
    await store.append('lead-l-5', [capture('l-5')], 'no_stream');
    await store.append('complaint-c-5', [newEvent('ComplaintLogged', { complaintId: 'c-5', customerId: 'l-5', category: 'product', touchpoint: 'delivery', severity: 'low', channel: 'phone', description: `${CANARY.name} says the box was wet`, safetyRelated: false, at: '2025-01-02T00:00:00.000Z' })], 'no_stream');
    expect(await store.personalData.erase('l-5', '2025-06-01T00:00:00.000Z')).toEqual({ status: 'erased', erasedAt: '2025-06-01T00:00:00.000Z', streams: ['complaint-c-5', 'lead-l-5'] });

    const erased = { name: ERASED, contacts: { phones: [ERASED], emails: [ERASED], wechat: ERASED }, source: 'web' };
    expect((await store.readStream('lead-l-5'))[0].data).toMatchObject(erased);
    expect((await store.readAll({ streamPrefix: 'complaint-' }))[0].data).toMatchObject({ description: ERASED, category: 'product' });
    await store.close();

    // A process that starts afresh (a rebuild, the command line) reads the same.
    const reopened = await createEventStore({ dataDir });
    const subscription = reopened.subscribe();
    const [first] = [(await subscription[Symbol.asyncIterator]().next()).value as RecordedEvent];
    expect(first.data).toMatchObject(erased);
    await subscription.close();
    await reopened.close();
  });
});

describe('a sealed read', () => {
  it('hands over the personal texts as stored (encrypted) and everything else as a revealing read does', async () => {
    const store = await createEventStore({ dataDir: tempDir() });
    await store.append('lead-l-7', [capture('l-7')], 'no_stream');
    const [revealed] = await store.readStream('lead-l-7');
    const [sealed] = await store.readStream('lead-l-7', { personalData: 'sealed' });
    const data = sealed.data as { name: string; contacts: { phones: string[]; wechat: string }; ownerId: string };
    expect(data.name).toMatch(/^enc:v1:/);
    expect(data.contacts.phones[0]).toMatch(/^enc:v1:/);
    expect(JSON.stringify(sealed)).not.toContain('Quixote');
    const { data: _sealedData, ...sealedRest } = sealed;
    const { data: _revealedData, ...revealedRest } = revealed;
    expect(sealedRest).toEqual(revealedRest);
    expect(data.ownerId).toBe('rep-1');
    await store.close();
  });
});

describe('appends through the protection', () => {
  it('reach the adapter in the order they were made, also when only some carry personal data', async () => {
    const store = await createEventStore({ dataDir: tempDir() });
    // Issued in one turn, each expecting the revision the previous one leaves: any reordering is a conflict.
    const results = await Promise.all([
      store.append('lead-l-9', [capture('l-9')], 'no_stream'),
      store.append('lead-l-9', [newEvent('LeadReopened', { leadId: 'l-9' })], 0),
      store.append('lead-l-9', [capture('l-9')], 1),
      store.append('lead-l-9', [newEvent('LeadReopened', { leadId: 'l-9' })], 2),
    ]);
    expect(results.map((r) => r.revision)).toEqual([0, 1, 2, 3]);
    await store.close();
  });
});
