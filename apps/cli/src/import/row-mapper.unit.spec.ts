import { alreadyExists, ruleViolated } from '@app/domain/shared';
import { Cell } from './cell-values';
import { parseMapping } from './import-mapping';
import { mapRow, refusalError, SourceRow } from './row-mapper';

const row = (cells: Record<string, Cell>, number = 2): SourceRow => ({ number, cell: (column) => cells[column] });

const LEAD = {
  name: 'lead',
  command: 'CaptureLead',
  id: { column: '编号' },
  occurredAt: { column: '日期' },
  fields: {
    kind: { column: '类型', map: { 个人: 'person', 公司: 'organisation' } },
    name: { column: '名称' },
    'contacts.phones': { column: '电话', type: 'list' },
    'contacts.address': { columns: ['省', '市', '地址'], join: '' },
    source: { column: '来源', map: 'source' },
    ownerId: { value: 'rep-1' },
    teamId: { value: 'team-1' },
    productInterest: { column: '产品', type: 'list', map: { 套件: 'crm-suite' } },
    expectedAmount: { column: '金额', type: 'number', default: 0 },
    'consent.purposes': { column: '同意', map: { 是: ['sales_contact'], '*': [] } },
  },
};

const mappingOf = (targets: unknown[], extra: Record<string, unknown> = {}) =>
  parseMapping({ timeZone: '+08:00', valueMaps: { source: { 电话营销: 'telemarketing' } }, targets, ...extra }, 'test.json');

const GOOD: Record<string, Cell> = { 编号: 'L-1', 日期: '2025/3/1', 类型: '个人', 名称: '李伟', 电话: '138 0013 8000；139 0000 0000', 省: '浙江', 市: '杭州', 地址: '', 来源: '电话营销', 产品: '套件,报表', 金额: '', 同意: '是' };

describe('mapRow', () => {
  it('turns a row into the request body the API would get: nested paths, constants, value maps, lists, joins, defaults', async () => {
    const { commands, errors } = await mapRow(row(GOOD), mappingOf([LEAD]));
    expect(errors).toEqual([]);
    expect(commands).toHaveLength(1);
    const [command] = commands;
    expect(command).toMatchObject({ type: 'CaptureLead', aggregate: 'lead', id: 'L-1', streams: ['lead-L-1'] });
    expect(JSON.parse(JSON.stringify(command.body))).toEqual({
      occurredAt: '2025-02-28T16:00:00.000Z',
      kind: 'person',
      name: '李伟',
      contacts: { phones: ['138 0013 8000', '139 0000 0000'], emails: [], address: '浙江杭州' },
      source: 'telemarketing',
      ownerId: 'rep-1',
      teamId: 'team-1',
      productInterest: ['crm-suite', '报表'],
      expectedAmount: 0,
      consent: { purposes: ['sales_contact'] },
    });
    expect(command.body).not.toHaveProperty('id');
    const unlisted = await mapRow(row({ ...GOOD, 同意: '不知道' }), mappingOf([LEAD]));
    expect(unlisted.commands[0].body.consent).toEqual({ purposes: [] });
  });

  it('keys a command by its content: the same row anywhere in any file gives the same key, a changed row another', async () => {
    const mapping = mappingOf([LEAD]);
    const reordered = mappingOf([{ ...LEAD, fields: Object.fromEntries(Object.entries(LEAD.fields).reverse()) }]);
    const key = async (cells: Record<string, Cell>, m = mapping, number = 2) => (await mapRow(row(cells, number), m)).commands[0].idempotencyKey;
    expect(await key(GOOD)).toMatch(/^import-[0-9a-f-]{36}$/);
    expect(await key(GOOD, mapping, 99)).toBe(await key(GOOD));
    expect(await key(GOOD, reordered)).toBe(await key(GOOD));
    expect(await key({ ...GOOD, 备注: 'ignored column' })).toBe(await key(GOOD));
    expect(await key({ ...GOOD, 名称: '李 伟' })).not.toBe(await key(GOOD));
  });

  it('derives stable ids from columns, and runs a target only when its conditions hold', async () => {
    const activity = {
      name: 'call',
      command: 'LogLeadActivity',
      when: [{ column: '跟进', notEmpty: true }, { column: '方式', in: ['电话', '上门'] }, { column: '编号', notIn: ['L-0'] }],
      id: { column: '编号' },
      fields: { activityId: { derive: ['编号', '跟进'] }, activityType: { column: '方式', map: { 电话: 'call', 上门: 'visit' } }, outcome: { value: 'imported' } },
    };
    const mapping = mappingOf([LEAD, activity]);
    const both = await mapRow(row({ ...GOOD, 跟进: '2025/3/2', 方式: '电话' }), mapping);
    expect(both.commands.map((c) => c.type)).toEqual(['CaptureLead', 'LogLeadActivity']);
    const activityId = both.commands[1].body.activityId;
    expect(activityId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await mapRow(row({ ...GOOD, 跟进: '2025/3/2', 方式: '上门' }), mapping)).commands[1].body.activityId).toBe(activityId);
    for (const cells of [{ 跟进: '', 方式: '电话' }, { 跟进: '2025/3/2', 方式: '邮件' }, { 跟进: '2025/3/2', 方式: '电话', 编号: 'L-0' }]) {
      expect((await mapRow(row({ ...GOOD, ...cells }), mapping)).commands.map((c) => c.type)).toEqual(['CaptureLead']);
    }
    const equals = mappingOf([{ ...activity, when: { column: '方式', equals: '电话' } }]);
    expect((await mapRow(row({ ...GOOD, 跟进: 'x', 方式: '电话' }), equals)).commands).toHaveLength(1);
  });

  it('reports each problem once, at its column, and runs none of the row when any target fails', async () => {
    const stage = { name: 'stage', command: 'AdvanceLeadStage', id: { column: '编号' }, fields: { to: { value: 'C' } } };
    const { commands, errors } = await mapRow(row({ ...GOOD, 日期: '2025/2/30', 电话: '找前台', 金额: '很多', 来源: '朋友' }, 7), mappingOf([LEAD, stage]));
    expect(commands).toEqual([]);
    expect(errors.map((e) => [e.row, e.target, e.column, e.field, e.value])).toEqual([
      [7, 'lead', '日期', 'occurredAt', '2025/2/30'],
      [7, 'lead', '金额', 'expectedAmount', '很多'],
      [7, 'lead', '电话', 'contacts.phones', '找前台'],
      [7, 'lead', '来源', 'source', '朋友'],
    ]);
    expect(errors[0].reason).toBe('"2025/2/30" is not a real date');
    expect(errors[1].reason).toBe('"很多" is not a number');
    expect(errors[3].reason).toMatch(/^source must be one of the following values/);
  });

  it('checks the record id: present, and shaped like a path id where the API takes it in the path', async () => {
    const stage = { name: 'stage', command: 'AdvanceLeadStage', id: { column: '编号' }, fields: { to: { value: 'C' } } };
    const empty = await mapRow(row({ ...GOOD, 编号: ' ' }), mappingOf([stage]));
    expect(empty.errors).toEqual([{ row: 2, target: 'stage', column: '编号', field: 'id', reason: 'the record id is empty' }]);
    const spaced = await mapRow(row({ ...GOOD, 编号: 'L 1' }), mappingOf([stage]));
    expect(spaced.errors).toEqual([{ row: 2, target: 'stage', column: '编号', field: 'id', value: 'L 1', reason: 'id must be 1-64 letters, digits, _ or -' }]);
    const inBody = await mapRow(row({ ...GOOD, 编号: 'L 1' }), mappingOf([LEAD]));
    expect(inBody.errors.map((e) => [e.column, e.field, e.reason])).toEqual([['编号', 'id', 'id must be 1-64 letters, digits, _ or -']]);
    const won = await mapRow(row(GOOD), mappingOf([{ ...stage, fields: { to: { value: 'won' }, amount: { value: 5 } } }]));
    expect(won.commands[0].streams).toEqual(['lead-L-1', 'customer-L-1']);
  });

  it('blames a domain refusal on the column of the field it names, else on the id column', async () => {
    const { commands } = await mapRow(row(GOOD, 4), mappingOf([LEAD]));
    const onField = refusalError(row(GOOD, 4), commands[0], ruleViolated('CONSENT_REQUIRED', 'no purpose', { consent: null, leadId: 'L-1' }));
    expect(onField).toEqual({ row: 4, target: 'lead', column: '同意', field: 'consent', value: '是', reason: 'CONSENT_REQUIRED: no purpose' });
    const named = refusalError(row(GOOD, 4), commands[0], ruleViolated('NAME_REQUIRED', 'y', { field: 'name', leadId: 'L-1' }));
    expect([named.column, named.field]).toEqual(['名称', 'name']);
    const onId = refusalError(row(GOOD, 4), commands[0], alreadyExists('LEAD_ALREADY_EXISTS', 'exists', { leadId: 'L-1' }));
    expect([onId.column, onId.field, onId.value]).toEqual(['编号', 'id', 'L-1']);
  });
});
