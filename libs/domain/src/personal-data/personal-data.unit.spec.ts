import Ajv from 'ajv';
import { EVENT_CONTRACTS, eventContract } from '../schemas/event-schemas';
import { PERSONAL_DATA_CATALOG } from './personal-data.catalog';
import {
  contactQuery,
  ERASED,
  erasePersonalData,
  hasPersonalText,
  lookupsOf,
  mapPersonalData,
  mapPersonalDataOnRead,
  personalDataOf,
  personalTexts,
  subjectOf,
} from './personal-data';

const captured = {
  leadId: 'l-1',
  kind: 'organisation',
  name: 'Wang Fang',
  contacts: { phones: ['+86 138-0013 8000', '010 6552 9988'], emails: [' Wang.Fang@Example.com '], wechat: 'wangfang88' },
  organisation: { legalName: 'Acme Printing Ltd', headName: 'Li Lei', headPhone: '+86 139 0000 1111', headcount: 40 },
  source: 'referral',
  ownerId: 'rep-1',
  teamId: 'team-1',
  productInterest: ['printer'],
  consent: { purposes: ['sales_contact'] },
  at: '2025-01-01T00:00:00.000Z',
};

describe('personal data catalogue', () => {
  it('names every stored event type and version, personal data or not (a new event must be entered)', () => {
    expect(Object.keys(PERSONAL_DATA_CATALOG).sort()).toEqual(EVENT_CONTRACTS.map((c) => `${c.type}@${c.version}`).sort());
  });

  it('every personal path is text in the published schema, so protected and erased values stay schema-valid', () => {
    const ajv = new Ajv({ strict: false });
    for (const [key, spec] of Object.entries(PERSONAL_DATA_CATALOG)) {
      if (!spec) continue;
      const [type, version] = key.split('@');
      const schema = eventContract(type, Number(version))!.schema as unknown as { properties: { data: Record<string, unknown> } };
      for (const path of spec.fields) {
        const leaf = path.split('/').reduce<Record<string, any> | undefined>((node, segment) => {
          if (!node) return undefined;
          if (segment === '*') return node.items;
          return node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
        }, schema.properties.data);
        expect({ key, path, found: leaf !== undefined }).toEqual({ key, path, found: true });
        const validate = ajv.compile(leaf!);
        // A string, or a list of strings: either way "[erased]" (and an `enc:v1:` envelope) fits.
        expect({ key, path, text: validate(ERASED) || validate([ERASED]) }).toEqual({ key, path, text: true });
      }
      // The subject is a plain id of the event, never itself personal.
      expect(spec.fields).not.toContain(spec.subject);
      expect((schema.properties.data as { required?: string[] }).required).toContain(spec.subject.split('/')[0]);
    }
  });

  it('the subject of a lead is the lead, of a customer and its complaints the customer (a won lead keeps its id)', () => {
    expect(subjectOf(personalDataOf('LeadCaptured', 2)!, captured)).toBe('l-1');
    expect(subjectOf(personalDataOf('CustomerRegistered', 1)!, { customerId: 'l-1', fromLeadId: 'l-1' })).toBe('l-1');
    expect(subjectOf(personalDataOf('ComplaintLogged', 1)!, { complaintId: 'c-1', customerId: 'l-1' })).toBe('l-1');
    expect(personalDataOf('LeadStageAdvanced', 1)).toBeUndefined();
    expect(personalDataOf('NoSuchEvent', 1)).toBeUndefined();
  });
});

describe('mapping personal data', () => {
  const spec = personalDataOf('LeadCaptured', 2)!;

  it('visits exactly the personal texts, array items one by one', () => {
    expect(personalTexts(spec, captured).map((t) => t.text)).toEqual([
      'Wang Fang',
      '+86 138-0013 8000',
      '010 6552 9988',
      ' Wang.Fang@Example.com ',
      'wangfang88',
      'Li Lei',
      '+86 139 0000 1111',
    ]);
  });

  it('tells whether an event holds personal text as personalTexts does, for every shape of the data', () => {
    const shapes = [
      captured,
      { ...captured, name: undefined, contacts: {}, organisation: undefined },
      { ...captured, name: undefined, contacts: { phones: [], emails: [] }, organisation: { legalName: 'Acme', headcount: 3 } },
      { ...captured, name: undefined, contacts: { phones: [7] }, organisation: null },
      { ...captured, name: undefined, contacts: { phones: [], wechat: 'w' }, organisation: undefined },
      { leadId: 'l-1' },
      null,
    ];
    for (const [key, each] of Object.entries(PERSONAL_DATA_CATALOG)) {
      if (!each) continue;
      for (const data of shapes) expect({ key, data, holds: hasPersonalText(each, data) }).toEqual({ key, data, holds: personalTexts(each, data).length > 0 });
    }
    expect(hasPersonalText(spec, captured)).toBe(true);
    expect(hasPersonalText(spec, shapes[2])).toBe(false);
    expect(hasPersonalText(spec, shapes[4])).toBe(true);
  });

  it('erases into "[erased]" with the JSON types unchanged and the rest of the event untouched; the input is not changed', () => {
    const before = JSON.stringify(captured);
    const erased = erasePersonalData(spec, captured);
    expect(erased).toEqual({
      ...captured,
      name: ERASED,
      contacts: { phones: [ERASED, ERASED], emails: [ERASED], wechat: ERASED },
      organisation: { legalName: 'Acme Printing Ltd', headName: ERASED, headPhone: ERASED, headcount: 40 },
    });
    expect(JSON.stringify(captured)).toBe(before);
  });

  it('leaves absent fields absent and nulls as they are (a profile change that clears a fact)', () => {
    const update = personalDataOf('CustomerProfileUpdated', 1)!;
    const data = { customerId: 'c-1', changes: { 'contacts.address': null, 'contacts.phones': ['1'], 'organisation.region': 'east' }, changedFields: [], at: 'x' };
    expect(mapPersonalData(update, data, (t) => `<${t}>`)).toEqual({ ...data, changes: { 'contacts.address': null, 'contacts.phones': ['<1>'], 'organisation.region': 'east' } });
    expect(mapPersonalData(spec, { leadId: 'l-2', name: 'x' }, () => 'y')).toEqual({ leadId: 'l-2', name: 'y' });
  });

  it('maps every personal text of a shape with several per object into a copy, shares what holds none, and never changes the input', () => {
    const before = JSON.stringify(captured);
    const mapped = mapPersonalData(spec, captured, (t) => t.toUpperCase());
    expect(mapped).toEqual({
      ...captured,
      name: 'WANG FANG',
      contacts: { phones: ['+86 138-0013 8000', '010 6552 9988'], emails: [' WANG.FANG@EXAMPLE.COM '], wechat: 'WANGFANG88' },
      organisation: { ...captured.organisation, headName: 'LI LEI' },
    });
    expect(mapped.contacts).not.toBe(captured.contacts);
    expect(mapped.productInterest).toBe(captured.productInterest);
    expect(JSON.stringify(captured)).toBe(before);
  });

  describe('on read', () => {
    const sealed = (t: string) => `sealed:${t}`;
    const open = (t: string) => {
      if (t === 'sealed:broken') throw new Error('does not open');
      return t.replace(/^sealed:/, '');
    };
    const stored = mapPersonalData(spec, captured, sealed);

    it('reads, spreads and serializes exactly as the eagerly mapped copy, and leaves the input as it was', () => {
      const before = JSON.stringify(stored);
      const lazy = mapPersonalDataOnRead(spec, stored, open);
      expect(JSON.parse(JSON.stringify(lazy))).toEqual(captured);
      expect({ ...lazy, contacts: { ...lazy.contacts } }).toEqual(captured);
      expect(lazy).toEqual(mapPersonalData(spec, stored, open));
      expect(Object.keys(lazy)).toEqual(Object.keys(stored));
      expect(structuredClone(lazy)).toEqual(captured);
      expect(JSON.stringify(stored)).toBe(before);
    });

    it('opens a field only when it is read: a field that would not open fails where it is read, not before', () => {
      const lazy = mapPersonalDataOnRead(spec, { ...stored, name: 'sealed:broken' }, open);
      expect(lazy.leadId).toBe('l-1');
      expect(lazy.contacts.phones).toEqual(captured.contacts.phones);
      expect(() => lazy.name).toThrow('does not open');
      expect(() => JSON.stringify(lazy)).toThrow('does not open');
    });

    it('opens a field once, and a field assigned holds what was assigned', () => {
      const lazy = mapPersonalDataOnRead(spec, stored, open) as typeof captured;
      expect(lazy.contacts.phones).toBe(lazy.contacts.phones);
      lazy.name = 'Wang Fang-Li';
      expect(lazy.name).toBe('Wang Fang-Li');
      expect(JSON.parse(JSON.stringify(lazy)).name).toBe('Wang Fang-Li');
    });
  });

  it('lookups: phones as digits, e-mails trimmed in lower case, once each', () => {
    expect(lookupsOf(spec, captured)).toEqual([
      { kind: 'phone', value: '8613800138000' },
      { kind: 'phone', value: '01065529988' },
      { kind: 'email', value: 'wang.fang@example.com' },
      { kind: 'phone', value: '8613900001111' },
    ]);
    expect(lookupsOf(spec, erasePersonalData(spec, captured))).toEqual([]);
  });

  it('a search is a phone or an e-mail when it looks like one, otherwise part of a name', () => {
    expect(contactQuery('+86 138-0013 8000')).toEqual({ kind: 'phone', value: '8613800138000' });
    expect(contactQuery('WANG.fang@example.com')).toEqual({ kind: 'email', value: 'wang.fang@example.com' });
    expect(contactQuery('Wang')).toBeUndefined();
    expect(contactQuery('1234')).toBeUndefined();
    expect(contactQuery('Room 101')).toBeUndefined();
  });
});
