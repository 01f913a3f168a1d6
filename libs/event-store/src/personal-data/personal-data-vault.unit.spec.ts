import { randomBytes } from 'node:crypto';
import { ERASED } from '@app/domain/personal-data';
import { RecordedEvent } from '@app/domain/shared';
import { NewEvent } from '../event-store.port';
import { LookupHasher } from './lookup-hasher';
import { ENCRYPTED_PREFIX, newDataKey, sealText } from './personal-data-cipher';
import { MissingSubjectKeyError, PersonalDataVault } from './personal-data-vault';
import { SubjectErasure, SubjectKeyStore, SubjectUse } from './subject-key-store.port';

/** The port's behaviour in memory (the real adapters are held to it by the contract suite). */
class MemoryKeys implements SubjectKeyStore {
  readonly subjects = new Map<string, { key: Buffer | null; streams: Set<string>; lookups: Set<string>; erasedAt?: string }>();
  calls = 0;
  async keyFor(subjectId: string, use: SubjectUse) {
    this.calls++;
    const s = this.subjects.get(subjectId) ?? { key: newDataKey(), streams: new Set<string>(), lookups: new Set<string>() };
    this.subjects.set(subjectId, s);
    if (!s.key) return null;
    s.streams.add(use.streamId);
    use.lookups.forEach((l) => s.lookups.add(l));
    return s.key;
  }
  async keysOf(ids: readonly string[]) {
    this.calls++;
    return new Map(ids.filter((id) => this.subjects.has(id)).map((id) => [id, this.subjects.get(id)!.key] as const));
  }
  async subjectsByLookup(lookup: string) {
    return [...this.subjects].filter(([, s]) => s.lookups.has(lookup)).map(([id]) => id);
  }
  async erase(subjectId: string, erasedAt: string): Promise<SubjectErasure> {
    const s = this.subjects.get(subjectId);
    if (!s) return { status: 'unknown' };
    if (!s.key) return { status: 'already_erased', erasedAt: s.erasedAt!, streams: [...s.streams].sort() };
    Object.assign(s, { key: null, lookups: new Set(), erasedAt });
    return { status: 'erased', erasedAt, streams: [...s.streams].sort() };
  }
  async ping() {}
  async close() {}
}

const metadata = { eventId: 'e-1', occurredAt: '2025-01-01T00:00:00.000Z', recordedAt: '2025-01-01T00:00:00.000Z', actor: 'rep-1', correlationId: 'c', causationId: null };
const captured = (leadId: string, name = 'Wang Fang'): NewEvent => ({
  type: 'LeadCaptured',
  version: 2,
  data: {
    leadId,
    kind: 'person',
    name,
    contacts: { phones: ['+86 138 0013 8000'], emails: ['wang@example.com'], address: 'No. 1 Dongcheng Rd' },
    source: 'referral',
    ownerId: 'rep-1',
    teamId: 'team-1',
    productInterest: ['printer'],
    expectedAmount: 5000,
    consent: { purposes: ['sales_contact'] },
    at: '2025-01-01T00:00:00.000Z',
  },
  metadata,
});
let position = 0;
const recorded = (streamId: string, event: NewEvent): RecordedEvent => ({ ...event, streamId, revision: 0, position: ++position });
const dataOf = (event: NewEvent | RecordedEvent) => event.data as Record<string, any>;

describe('PersonalDataVault', () => {
  let keys: MemoryKeys;
  let vault: PersonalDataVault;
  const hasher = new LookupHasher(randomBytes(32));
  beforeEach(() => {
    keys = new MemoryKeys();
    vault = new PersonalDataVault(keys, hasher);
  });

  it('encrypts exactly the personal texts, keeps every type and the caller\'s event unchanged, and reads them back', async () => {
    const event = captured('l-1');
    const before = JSON.stringify(event);
    const [stored] = await vault.protect('lead-l-1', [event]);
    expect(JSON.stringify(event)).toBe(before);
    const data = dataOf(stored);
    expect(data.name.startsWith(ENCRYPTED_PREFIX)).toBe(true);
    expect(data.contacts.phones).toEqual([expect.stringMatching(/^enc:v1:/)]);
    expect(data.contacts.emails).toEqual([expect.stringMatching(/^enc:v1:/)]);
    expect(data.contacts.address.startsWith(ENCRYPTED_PREFIX)).toBe(true);
    expect({ ...data, name: 0, contacts: 0 }).toEqual({ ...dataOf(event), name: 0, contacts: 0 });
    expect(JSON.stringify(stored)).not.toMatch(/Wang|138|example\.com|Dongcheng/);

    const [read] = await vault.reveal([recorded('lead-l-1', stored)]);
    expect(read.data).toEqual(event.data);
  });

  it('opens a personal text when it is read: an altered one fails there, with the rest of the event readable', async () => {
    const [stored] = await vault.protect('lead-l-1', [captured('l-1')]);
    const other = await vault.protect('lead-l-2', [captured('l-2', 'Li Na')]);
    // Sealed for another subject: it does not open under l-1's key and subject.
    const altered = { ...stored, data: { ...dataOf(stored), name: dataOf(other[0]).name } };
    const [read] = await vault.reveal([recorded('lead-l-1', altered)]);
    expect(dataOf(read)).toMatchObject({ leadId: 'l-1', expectedAmount: 5000, contacts: { phones: ['+86 138 0013 8000'], address: 'No. 1 Dongcheng Rd' } });
    expect(() => dataOf(read).name).toThrow(/does not open with the subject's key/);
    expect(() => JSON.stringify(read)).toThrow(/does not open/);
  });

  it('leaves events without personal data as they are, and asks the key store nothing for them', async () => {
    const stage: NewEvent = { type: 'LeadStageAdvanced', version: 1, data: { leadId: 'l-1', from: 'D', to: 'C', direction: 'forward', at: 'x' }, metadata };
    expect(await vault.protect('lead-l-1', [stage])).toEqual([stage]);
    const read = recorded('lead-l-1', stage);
    expect(await vault.reveal([read])).toEqual([read]);
    expect(keys.calls).toBe(0);
  });

  it('after erasure every personal field reads "[erased]" (each item of a list), also texts stored in the clear before', async () => {
    const stored = await vault.protect('lead-l-1', [captured('l-1')]);
    const legacy = recorded('lead-l-1', captured('l-1', 'Written In Clear'));
    expect(await vault.erase('l-1', '2025-06-01T00:00:00.000Z')).toEqual({ status: 'erased', erasedAt: '2025-06-01T00:00:00.000Z', streams: ['lead-l-1'] });
    const [read, old] = await vault.reveal([recorded('lead-l-1', stored[0]), legacy]);
    for (const event of [read, old]) {
      expect(dataOf(event)).toMatchObject({ name: ERASED, contacts: { phones: [ERASED], emails: [ERASED], address: ERASED }, expectedAmount: 5000, source: 'referral' });
    }
  });

  it('another process\'s erasure is obeyed as soon as its PersonalDataErased is read, whatever is cached', async () => {
    const [stored] = await vault.protect('lead-l-1', [captured('l-1')]);
    const other = new PersonalDataVault(keys, hasher);
    expect(dataOf((await other.reveal([recorded('lead-l-1', stored)]))[0]).name).toBe('Wang Fang');
    await vault.erase('l-1', '2025-06-01T00:00:00.000Z');
    const erasure = recorded('subject-l-1', { type: 'PersonalDataErased', version: 1, data: { subjectId: 'l-1', reason: 'r', erasedAt: 'x', streams: [] }, metadata });
    const [read] = await other.reveal([recorded('lead-l-1', stored), erasure]);
    expect(dataOf(read).name).toBe(ERASED);
  });

  it('what comes later about an erased subject is stored erased: no new key, nothing readable', async () => {
    await vault.protect('lead-l-1', [captured('l-1')]);
    await vault.erase('l-1', '2025-06-01T00:00:00.000Z');
    const activity: NewEvent = { type: 'LeadActivityLogged', version: 1, data: { leadId: 'l-1', activityId: 'a-1', activityType: 'call', outcome: 'ok', notes: 'her new number is 139…', at: 'x' }, metadata };
    const [stored] = await vault.protect('lead-l-1', [activity]);
    expect(dataOf(stored)).toEqual({ ...dataOf(activity), notes: ERASED });
  });

  it('ciphertext of a subject the key store never heard of is an error, not silently erased', async () => {
    const foreign = { ...captured('l-9'), data: { ...dataOf(captured('l-9')), name: sealText(newDataKey(), 'l-9', 'x') } };
    await expect(vault.reveal([recorded('lead-l-9', foreign)])).rejects.toThrow(MissingSubjectKeyError);
  });

  it('finds subjects by exact phone or e-mail through keyed hashes, never by the plain value', async () => {
    await vault.protect('lead-l-1', [captured('l-1')]);
    await vault.protect('lead-l-2', [{ ...captured('l-2'), data: { ...dataOf(captured('l-2')), contacts: { phones: ['010 1234 5678'], emails: [] } } }]);
    expect(await vault.subjectsWithContact('+86 138-0013-8000')).toEqual(['l-1']);
    expect(await vault.subjectsWithContact('WANG@example.com')).toEqual(['l-1']);
    expect(await vault.subjectsWithContact('01012345678')).toEqual(['l-2']);
    expect(await vault.subjectsWithContact('Wang')).toBeUndefined();
    const lookups = [...keys.subjects.get('l-1')!.lookups];
    expect(lookups).toHaveLength(2);
    expect(lookups.join(' ')).not.toMatch(/8613800138000|wang@example\.com/);
    await vault.erase('l-1', 'x');
    expect(await vault.subjectsWithContact('+86 138 0013 8000')).toEqual([]);
  });

  it('asks the key store once per subject and stream, and once per batch of reads', async () => {
    const stored = await vault.protect('lead-l-1', [captured('l-1'), captured('l-1')]);
    expect(keys.calls).toBe(1);
    await vault.protect('complaint-c-1', [{ type: 'ComplaintLogged', version: 1, data: { complaintId: 'c-1', customerId: 'l-1', description: 'broken' }, metadata }]);
    expect(keys.calls).toBe(2);
    const fresh = new PersonalDataVault(keys, hasher);
    await fresh.reveal([recorded('lead-l-1', stored[0]), recorded('lead-l-1', stored[1])]);
    await fresh.reveal([recorded('lead-l-1', stored[0])]);
    expect(keys.calls).toBe(3);
  });
});
