import { CliError } from '../cli-command';
import { checkFieldNames, mappedColumns, parseMapping } from './import-mapping';

const target = { name: 'customer', command: 'RegisterCustomer', id: { column: '编号' }, fields: { name: { column: '名称' } } };

const problemsOf = (raw: unknown): string => {
  try {
    parseMapping(raw, 'm.json');
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error('expected the mapping to be refused');
};

describe('import mapping', () => {
  it('fills in the defaults', () => {
    const mapping = parseMapping({ targets: [target] }, 'm.json');
    expect(mapping).toMatchObject({ headerRow: 1, encoding: 'utf-8', delimiter: ',', timeZone: 'Z', offsetMinutes: 0, valueMaps: {} });
    expect(mapping.dateFormats).toContain('YYYY/M/D');
    expect(mapping.targets[0]).toMatchObject({ when: [], occurredAt: undefined });
    expect(parseMapping({ timeZone: '+08:00', dateFormats: 'D.M.YYYY', targets: [{ ...target, when: { column: '类别', notEmpty: true } }] }, 'm.json')).toMatchObject({
      offsetMinutes: 480,
      dateFormats: ['D.M.YYYY'],
      targets: [{ when: [{ column: '类别', notEmpty: true }] }],
    });
  });

  it('lists every problem at once, each at its path', () => {
    const message = problemsOf({
      sheet: 0,
      encoding: 'klingon',
      colour: 'blue',
      dateFormats: ['M/D'],
      targets: [
        { name: 'a', command: 'DeleteEverything', id: { column: '编号' }, fields: {} },
        { name: 'a', command: 'CaptureLead', fields: { name: { column: '名称', value: 'x' }, kind: { column: '类型', map: 'kinds', type: 'enum' }, id: { column: 'x' } }, when: [{ column: 'x', equals: 1 }] },
      ],
    });
    for (const problem of [
      'colour: unknown setting',
      'sheet: a sheet name or a number from 1',
      'encoding: "klingon" is not an encoding',
      'dateFormats: date format "M/D" needs YYYY',
      'targets[0].command: one of CaptureLead,',
      'targets[1].name: "a" is used twice',
      'targets[1].id: required',
      'targets[1].fields.name: give exactly one of column, columns, value, derive',
      'targets[1].fields.kind.type: one of string, number, integer, boolean, date, datetime, list',
      'targets[1].fields.kind.map: no value map named "kinds" in valueMaps',
      'targets[1].fields: give id and occurredAt beside fields, not in them',
      'targets[1].when[0].equals: a string',
    ]) {
      expect(message).toContain(problem);
    }
    expect(message.startsWith('m.json: ')).toBe(true);
    expect(problemsOf([])).toBe('m.json: the mapping must be a JSON object');
    expect(problemsOf({ targets: [] })).toContain('targets: a list of at least one target');
  });

  it('refuses field names the request body does not have, nested ones too', async () => {
    const mapping = parseMapping({ targets: [{ ...target, fields: { name: { column: '名称' }, nmae: { column: '名称' }, 'contacts.phonez': { column: '电话' }, 'organisation.region': { column: '地区' } } }] }, 'm.json');
    await expect(checkFieldNames(mapping, 'm.json')).rejects.toThrow('m.json: targets[0].fields.nmae: RegisterCustomer has no such field; targets[0].fields.contacts.phonez: RegisterCustomer has no such field');
    await expect(checkFieldNames(parseMapping({ targets: [target] }, 'm.json'), 'm.json')).resolves.toBeUndefined();
  });

  it('knows every column it reads', () => {
    const mapping = parseMapping(
      { targets: [{ ...target, when: { column: '类别', notEmpty: true }, occurredAt: { column: '日期' }, fields: { name: { columns: ['姓', '名'] }, 'individual.family': { derive: ['编号', '家庭'] }, teamId: { value: 't' } } }] },
      'm.json',
    );
    expect([...mappedColumns(mapping)].sort()).toEqual(['名', '姓', '家庭', '日期', '类别', '编号'].sort());
  });
});
