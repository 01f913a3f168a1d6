import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import writeXlsxFile from 'write-excel-file/node';
import { loadCliConfig as loadConfig } from '../stores';
import { RecordedEvent } from '@app/domain/shared';
import { CliIo } from '../cli-command';
import { ImportSummary, runImport } from '../import/importer';
import { RowError } from '../import/row-mapper';
import { headPosition, runCliIn, withLog } from '../testing/run-cli';

const EXAMPLES = resolve(__dirname, '../../../../examples');
const CUSTOMERS = join(EXAMPLES, 'customers.csv');
const CUSTOMERS_MAPPING = join(EXAMPLES, 'customers.mapping.json');
const LEADS = join(EXAMPLES, 'leads.csv');
const LEADS_MAPPING = join(EXAMPLES, 'leads.mapping.json');

const quietIo = (dataDir: string): CliIo => ({ stdout: { write: () => true }, stderr: { write: () => true }, env: { DATA_DIR: dataDir } });

const importFile = (dataDir: string, file: string, mapping: string, dryRun = false): Promise<ImportSummary> =>
  runImport(loadConfig({ DATA_DIR: dataDir }), { file, mapping, dryRun, actor: 'import' }, quietIo(dataDir));

const allEvents = (dataDir: string): Promise<RecordedEvent[]> => withLog(dataDir, (store) => store.readAll());
const streamOf = (dataDir: string, stream: string): Promise<RecordedEvent[]> => withLog(dataDir, (store) => store.readStream(stream));

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** The deliberately bad rows of examples/customers.csv: row number as a spreadsheet shows it (header = 1), column, reason. */
const CUSTOMER_ERRORS: readonly { row: number; column: string; field: string; reason: string | RegExp; value?: string }[] = [
  { row: 6, column: '老板电话', field: 'organisation.headPhone', reason: /^headPhone must match/, value: '找前台转' },
  { row: 7, column: '团队规模', field: 'organisation.headcount', reason: '"约50人" is not a number', value: '约50人' },
  { row: 8, column: '客户来源', field: 'source', reason: /^source must be one of the following values: door_to_door, referral/, value: '朋友的朋友' },
  { row: 9, column: '建档日期', field: 'occurredAt', reason: '"2025/13/45" is not a real date', value: '2025/13/45' },
  { row: 11, column: '同意联系', field: 'consent', reason: /^CONSENT_REQUIRED: /, value: '否' },
  { row: 12, column: '业务员', field: 'ownerId', reason: /^ownerId must match/, value: '赵六' },
  { row: 13, column: '客户编号', field: 'id', reason: 'CUSTOMER_ALREADY_EXISTS: Customer C-1001 already exists.', value: 'C-1001' },
  { row: 15, column: '建档日期', field: 'occurredAt', reason: 'occurredAt must not lie in the future', value: '2099/1/1' },
  { row: 16, column: '投诉环节', field: 'touchpoint', reason: /^touchpoint must be one of the following values: sales_visit/, value: '微信群' },
];

/** `cells`: what a typed XLSX cell shows instead of the CSV text. */
const expectCustomerErrors = (errors: readonly RowError[], rowOffset = 0, cells: Readonly<Record<string, string>> = {}) => {
  expect(errors.map((e) => [e.row, e.column, e.field])).toEqual(CUSTOMER_ERRORS.map((e) => [e.row + rowOffset, e.column, e.field]));
  errors.forEach((error, i) => {
    const expected = CUSTOMER_ERRORS[i];
    if (typeof expected.reason === 'string') expect(error.reason).toBe(expected.reason);
    else expect(error.reason).toMatch(expected.reason);
    expect(error.value).toBe(cells[expected.value!] ?? expected.value);
  });
};

const CUSTOMER_IDS = ['C-1001', 'C-1002', 'C-1003', 'C-1004', 'C-1011', 'C-1014', 'C-1015'];

describe('import (in-process, embedded log)', () => {
  const dirs: string[] = [];
  const fresh = (prefix = 'cli-import-') => {
    const dir = tempDir(prefix);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('refuses a complaint about a customer not on file, as the API does (CUSTOMER_NOT_FOUND), and imports the rest', async () => {
    const dataDir = fresh();
    const file = join(dataDir, 'complaints.csv');
    const mapping = join(dataDir, 'complaints.mapping.json');
    writeFileSync(
      file,
      ['customer,name,phone,complaint', 'K-1,Wang Fang,+86 139 0000 0001,Late delivery', ',,,', 'K-404,,,Never heard of us'].join('\n'),
    );
    writeFileSync(
      mapping,
      JSON.stringify({
        targets: [
          { name: 'customer', command: 'RegisterCustomer', when: { column: 'name', notEmpty: true }, id: { column: 'customer' }, fields: { kind: { value: 'person' }, name: { column: 'name' }, 'contacts.phones': { column: 'phone', type: 'list' }, ownerId: { value: 'rep-1' }, teamId: { value: 'team-east' }, 'consent.purposes': { value: ['sales_contact'] } } },
          { name: 'complaint', command: 'LogComplaint', when: { column: 'complaint', notEmpty: true }, id: { derive: ['customer', 'complaint'] }, fields: { customerId: { column: 'customer' }, category: { value: 'delivery' }, touchpoint: { value: 'delivery' }, severity: { value: 'medium' }, channel: { value: 'phone' }, description: { column: 'complaint' } } },
        ],
      }),
    );
    const summary = await runImport(loadConfig({ DATA_DIR: dataDir }), { file, mapping, dryRun: false, actor: 'import' }, quietIo(dataDir));
    expect(summary.errors.map((e) => [e.row, e.target, e.reason.split(':')[0]])).toEqual([[4, 'complaint', 'CUSTOMER_NOT_FOUND']]);
    expect((await allEvents(dataDir)).map((e) => e.type)).toEqual(['CustomerRegistered', 'ComplaintLogged']);
  });

  describe('the customer list (examples/customers.csv)', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = fresh();
    });

    it('--dry-run decides every row on the real write path, reports, and writes nothing', async () => {
      const run = await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', CUSTOMERS_MAPPING, '--dry-run']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(
          `^dry run of ${CUSTOMERS} \\(nothing was written\\): 16 rows read, 9 rejected\\n` +
            'commands: 11 would be accepted, 9 rejected, 0 skipped as already imported; 11 events would be written \\([\\d.]+ s\\)\\n' +
            'errors:\\n',
        ),
      );
      expect(run.stdout).toContain('  row 7, column 团队规模 (organisation.headcount): "约50人" is not a number [cell: "约50人"]\n');
      expect(run.stdout).toContain('  row 13, column 客户编号 (id): CUSTOMER_ALREADY_EXISTS: Customer C-1001 already exists. [cell: "C-1001"]\n');
      expect(run.stderr).toBe('9 of 16 rows rejected; fix them and import the file again (imported rows are skipped)\n');
      expect(await headPosition(dataDir)).toBe(0);
    });

    it('reports every rejected row with its row number, column and reason: validation errors and domain refusals', async () => {
      const summary = await importFile(dataDir, CUSTOMERS, CUSTOMERS_MAPPING, true);
      expectCustomerErrors(summary.errors);
      expect(summary).toMatchObject({ rowsRead: 16, rowsRejected: 9, commandsAccepted: 11, commandsRejected: 9, commandsSkipped: 0, eventsWritten: 11, dryRun: true });

      const errorsFile = join(dataDir, 'errors.csv');
      const run = await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', CUSTOMERS_MAPPING, '--dry-run', '--errors', errorsFile]);
      expect(run.code).toBe(1);
      const rows = parse(readFileSync(errorsFile, 'utf8'), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [Number(r.row), r.target, r.column, r.value])).toEqual(CUSTOMER_ERRORS.map((e) => [e.row, e.row === 16 ? 'complaint' : 'customer', e.column, e.value]));
      expect(await headPosition(dataDir)).toBe(0);
    });

    it('imports the good rows as back-dated customer files and complaints, with value maps applied', async () => {
      const run = await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', CUSTOMERS_MAPPING], { tty: true });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^imported ${CUSTOMERS}: 16 rows read, 9 rejected\\ncommands: 11 accepted, 9 rejected, 0 skipped as already imported; 11 events written`));
      // Rows counted against the rows of the file (17 after the header, one of them blank), never shown done before the summary.
      expect(run.stderr).toMatch(/^\rimport {2}\[[#.]{24}\] {2}\d+\/17 rows {2}/);
      expect(run.stderr).not.toMatch(/done|100%/);
      expect(await headPosition(dataDir)).toBe(11);

      const events = await allEvents(dataDir);
      expect(events.filter((e) => e.type === 'CustomerRegistered').map((e) => e.streamId).sort()).toEqual(CUSTOMER_IDS.map((id) => `customer-${id}`));
      expect(events.filter((e) => e.type === 'ComplaintLogged')).toHaveLength(4);

      const [registered] = await streamOf(dataDir, 'customer-C-1001');
      expect(registered.data).toEqual({
        customerId: 'C-1001',
        kind: 'organisation',
        name: '杭州绿源茶业有限公司',
        contacts: { phones: ['0571-8820 1123'], emails: ['chen@lvyuan-tea.example'], address: '杭州市西湖区龙井路18号' },
        organisation: { region: '浙江杭州', industry: '食品饮料', mainBusiness: '茶叶种植与批发', headcount: 35, headName: '陈国强', headPhone: '138 0571 2201', mainNeeds: '仓库管理软件' },
        ownerId: 'rep-wang',
        teamId: 'team-east',
        customerClass: 'retained',
        source: 'telemarketing',
        consent: { purposes: ['sales_contact'] },
        at: '2025-03-04T00:00:00.000Z',
      });
      expect(registered.metadata).toMatchObject({ occurredAt: '2025-03-04T00:00:00.000Z', actor: 'import', causationId: 'customers.csv#row-2' });
      expect(Date.parse(registered.metadata.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
      expect((await streamOf(dataDir, 'customer-C-1015'))[0].data).toMatchObject({ customerClass: 'potential', source: 'directory_research' });

      const safety = events.find((e) => e.type === 'ComplaintLogged' && (e.data as { customerId: string }).customerId === 'C-1011')!;
      expect(safety.data).toMatchObject({ category: 'safety', touchpoint: 'installation', severity: 'critical', channel: 'phone', safetyRelated: true, description: '设备安装后防护罩松动' });
      expect(safety.metadata.occurredAt).toBe('2025-09-03T00:00:00.000Z');
      // Cause before effect: each complaint comes after its customer file.
      for (const complaint of events.filter((e) => e.type === 'ComplaintLogged')) {
        const customer = events.find((e) => e.streamId === `customer-${(complaint.data as { customerId: string }).customerId}`)!;
        expect(customer.position).toBeLessThan(complaint.position);
      }
    });

    it('importing the same file again writes nothing: every command is recognised as already imported', async () => {
      const before = await allEvents(dataDir);
      const again = await importFile(dataDir, CUSTOMERS, CUSTOMERS_MAPPING);
      expect(again).toMatchObject({ rowsRead: 16, rowsRejected: 9, commandsAccepted: 0, commandsSkipped: 11, eventsWritten: 0 });
      expectCustomerErrors(again.errors);
      expect(await allEvents(dataDir)).toEqual(before);

      const dryRun = await importFile(dataDir, CUSTOMERS, CUSTOMERS_MAPPING, true);
      expect(dryRun).toMatchObject({ commandsAccepted: 0, commandsSkipped: 11, eventsWritten: 0 });
    });

    it('an .xlsx of the same list (a title row, typed cells) imports the same commands: the same event ids', async () => {
      const [header, ...rows] = parse(readFileSync(CUSTOMERS, 'utf8')) as string[][];
      const typed = (column: string, text: string) => {
        if (text === '') return null;
        if (column === '团队规模' && /^\d+$/.test(text)) return { value: Number(text), type: Number };
        const date = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
        if (column === '建档日期' && date && Number(date[2]) <= 12) return { value: new Date(Date.UTC(+date[1], +date[2] - 1, +date[3])), type: Date, format: 'yyyy/m/d' };
        return { value: text, type: String };
      };
      const sheet = [[{ value: '2025年客户名单', type: String }], header.map((h) => ({ value: h, type: String })), ...rows.map((row) => row.map((text, i) => typed(header[i], text)))];
      const dir = fresh('cli-import-xlsx-');
      const xlsx = join(dir, 'customers.xlsx');
      await writeXlsxFile(sheet as never, { sheet: '客户名单' } as never).toFile(xlsx);
      const mapping = join(dir, 'customers.mapping.json');
      writeFileSync(mapping, JSON.stringify({ ...JSON.parse(readFileSync(CUSTOMERS_MAPPING, 'utf8')), sheet: '客户名单', headerRow: 2 }));

      const xlsxDataDir = fresh();
      const summary = await importFile(xlsxDataDir, xlsx, mapping);
      expect(summary).toMatchObject({ rowsRead: 16, rowsRejected: 9, commandsAccepted: 11, commandsRejected: 9, eventsWritten: 11 });
      // A date cell is shown as the time it holds.
      expectCustomerErrors(summary.errors, 1, { '2099/1/1': '2099-01-01T00:00:00Z' });
      const ids = (events: RecordedEvent[]) => events.map((e) => e.metadata.eventId).sort();
      expect(ids(await allEvents(xlsxDataDir))).toEqual(ids(await allEvents(dataDir)));
      expect((await importFile(xlsxDataDir, xlsx, mapping)).eventsWritten).toBe(0);
      // The same list from the CSV, into the log the XLSX filled: already imported.
      expect(await importFile(xlsxDataDir, CUSTOMERS, CUSTOMERS_MAPPING)).toMatchObject({ commandsAccepted: 0, commandsSkipped: 11, eventsWritten: 0 });

      const noSheet = join(dir, 'no-sheet.json');
      writeFileSync(noSheet, JSON.stringify({ ...JSON.parse(readFileSync(mapping, 'utf8')), sheet: 'Sheet9' }));
      const missing = await runCliIn(xlsxDataDir, ['import', xlsx, '--mapping', noSheet]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('Sheet9');
    });
  });

  describe('the lead follow-up sheet (examples/leads.csv): capture, activity, stage; a won lead opens its customer file', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = fresh();
    });

    it('a dry run on an empty log follows each row through its commands in memory', async () => {
      const dryRun = await importFile(dataDir, LEADS, LEADS_MAPPING, true);
      expect(dryRun).toMatchObject({ rowsRead: 7, rowsRejected: 3, commandsAccepted: 12, commandsRejected: 3, commandsSkipped: 0, eventsWritten: 13 });
      expect(await headPosition(dataDir)).toBe(0);
    });

    it('imports, reports the refused stage move at its column, and is idempotent', async () => {
      const summary = await importFile(dataDir, LEADS, LEADS_MAPPING);
      expect(summary).toMatchObject({ rowsRead: 7, rowsRejected: 3, commandsAccepted: 12, commandsRejected: 3, commandsSkipped: 0, eventsWritten: 13 });
      expect(summary.errors.map((e) => [e.row, e.target, e.column, e.field])).toEqual([
        [6, 'lead', '手机', 'contacts.phones'],
        [7, 'stage', '成交金额', 'amount'],
        [8, 'follow-up', '跟进方式', 'activityType'],
      ]);
      expect(summary.errors[1].reason).toMatch(/^WON_AMOUNT_REQUIRED: /);
      expect(await headPosition(dataDir)).toBe(13);

      const l2001 = await streamOf(dataDir, 'lead-L-2001');
      expect(l2001.map((e) => [e.type, e.metadata.occurredAt])).toEqual([
        ['LeadCaptured', '2025-02-28T16:00:00.000Z'], // 2025/3/1 at +08:00
        ['LeadActivityLogged', '2025-03-05T02:30:00.000Z'], // 2025/3/5 10:30 at +08:00
        ['LeadStageAdvanced', '2025-03-11T16:00:00.000Z'],
      ]);
      expect(l2001[0].data).toMatchObject({ kind: 'person', name: '李伟', contacts: { phones: ['138 0013 8000'], emails: [], wechat: 'liwei88' }, source: 'telemarketing', ownerId: 'rep-wang', productInterest: ['CRM套件'], expectedAmount: 50000 });
      expect(l2001[1].data).toMatchObject({ activityType: 'call', outcome: '有兴趣，约下周演示' });
      expect(l2001[2].data).toMatchObject({ from: 'D', to: 'B' });

      const won = await streamOf(dataDir, 'lead-L-2002');
      expect(won.at(-1)!.data).toMatchObject({ to: 'won', wonAmount: 118000 });
      expect(won[0].data).toMatchObject({ kind: 'organisation', productInterest: ['CRM套件', '移动端'] });
      const [customer] = await streamOf(dataDir, 'customer-L-2002');
      expect(customer).toMatchObject({ type: 'CustomerRegistered', data: { customerId: 'L-2002', fromLeadId: 'L-2002', name: '浙江恒远物流有限公司', ownerId: 'rep-li' } });
      expect(customer.metadata).toMatchObject({ occurredAt: won.at(-1)!.metadata.occurredAt, causationId: won.at(-1)!.metadata.eventId });

      expect((await streamOf(dataDir, 'lead-L-2003')).at(-1)!.data).toMatchObject({ to: 'lost', lostReason: '预算不足', competitor: '竞品A' });
      expect((await streamOf(dataDir, 'lead-L-2004')).map((e) => e.type)).toEqual(['LeadCaptured']);
      expect(await streamOf(dataDir, 'lead-L-2005')).toEqual([]);
      expect((await streamOf(dataDir, 'lead-L-2006')).map((e) => e.type)).toEqual(['LeadCaptured', 'LeadActivityLogged']);
      expect(await streamOf(dataDir, 'lead-L-2007')).toEqual([]);

      const again = await importFile(dataDir, LEADS, LEADS_MAPPING);
      expect(again).toMatchObject({ commandsAccepted: 0, commandsSkipped: 12, commandsRejected: 3, eventsWritten: 0 });
      expect(await headPosition(dataDir)).toBe(13);
    });
  });

  describe('file and mapping problems', () => {
    let dataDir: string;
    let dir: string;
    const mappingFile = (name: string, mapping: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, typeof mapping === 'string' ? mapping : JSON.stringify(mapping));
      return file;
    };
    const customersMapping = () => JSON.parse(readFileSync(CUSTOMERS_MAPPING, 'utf8'));
    beforeAll(() => {
      dataDir = fresh();
      dir = fresh('cli-import-files-');
    });

    it('refuses a mapping that names fields the command does not have, or columns the file does not have, before reading rows', async () => {
      const typo = customersMapping();
      typo.targets[0].fields.nmae = typo.targets[0].fields.name;
      typo.targets[0].fields['contacts.phonez'] = { column: '联系电话' };
      const unknownField = await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', mappingFile('typo.json', typo)]);
      expect(unknownField.code).toBe(1);
      expect(unknownField.stderr).toContain('targets[0].fields.nmae: RegisterCustomer has no such field; targets[0].fields.contacts.phonez: RegisterCustomer has no such field');

      const column = customersMapping();
      column.targets[1].fields.description = { column: '投诉详情' };
      const missing = await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', mappingFile('column.json', column)]);
      expect(missing.stderr).toContain('the mapping reads column "投诉详情" that the file does not have (its columns: 客户编号, 公司名称,');

      const shapes = await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', mappingFile('shape.json', { targets: [{ name: 'x', command: 'Frobnicate', fields: { name: { column: 'a', value: 'b' } } }], timeZone: 'Asia/Shanghai' })]);
      expect(shapes.code).toBe(1);
      for (const problem of ['timeZone: a UTC offset', 'targets[0].command: one of CaptureLead, AdvanceLeadStage, LogLeadActivity, RegisterCustomer, LogComplaint', 'targets[0].id: required', 'targets[0].fields.name: give exactly one of column, columns, value, derive']) {
        expect(shapes.stderr).toContain(problem);
      }
      expect((await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', mappingFile('bad.json', '{ "targets": [')])).stderr).toContain('cannot read the mapping');
      expect(await headPosition(dataDir)).toBe(0);
    });

    it('refuses other file types, and bad arguments with exit 2', async () => {
      const txt = join(dir, 'customers.txt');
      writeFileSync(txt, 'a,b\n');
      const other = await runCliIn(dataDir, ['import', txt, '--mapping', CUSTOMERS_MAPPING]);
      expect(other.code).toBe(1);
      expect(other.stderr).toContain('import reads .csv and .xlsx files');
      expect((await runCliIn(dataDir, ['import', join(dir, 'nope.csv'), '--mapping', CUSTOMERS_MAPPING])).stderr).toContain('no such file');
      expect((await runCliIn(dataDir, ['import', CUSTOMERS])).code).toBe(2);
      expect((await runCliIn(dataDir, ['import', CUSTOMERS, '--mapping', CUSTOMERS_MAPPING, '--actor', 'a b'])).code).toBe(2);
      expect((await runCliIn(dataDir, ['import', '--mapping', CUSTOMERS_MAPPING])).code).toBe(2);
    });

    it('reads a GB18030 CSV (as Excel on Chinese Windows saves it) when the mapping says so, and refuses to guess otherwise', async () => {
      const bytes = Buffer.from('b1e0bac52cc3fbb3c62cb5e7bbb02cc0b4d4b40d0a472d312cbabcd6ddc2ccd4b4b2e8d2b52c303537312d3838323020313132332cb5e7bbb0d3aacffa0d0a', 'hex');
      expect(new TextDecoder('gb18030').decode(bytes)).toBe('编号,名称,电话,来源\r\nG-1,杭州绿源茶业,0571-8820 1123,电话营销\r\n');
      const file = join(dir, 'gbk.csv');
      writeFileSync(file, bytes);
      const target = {
        name: 'lead',
        command: 'CaptureLead',
        id: { column: '编号' },
        fields: {
          kind: { value: 'organisation' },
          name: { column: '名称' },
          'contacts.phones': { column: '电话', type: 'list' },
          source: { column: '来源', map: { 电话营销: 'telemarketing' } },
          ownerId: { value: 'rep-1' },
          teamId: { value: 'team-1' },
          'consent.purposes': { value: ['sales_contact'] },
        },
      };
      const utf8 = await runCliIn(dataDir, ['import', file, '--mapping', mappingFile('utf8.json', { targets: [target] })]);
      expect(utf8.code).toBe(1);
      expect(utf8.stderr).toContain('is not valid utf-8 text; set "encoding" in the mapping');
      expect(await headPosition(dataDir)).toBe(0);

      const summary = await importFile(dataDir, file, mappingFile('gb.json', { encoding: 'gb18030', targets: [target] }));
      expect(summary).toMatchObject({ rowsRead: 1, commandsAccepted: 1, eventsWritten: 1, errors: [] });
      expect((await streamOf(dataDir, 'lead-G-1'))[0].data).toMatchObject({ name: '杭州绿源茶业', source: 'telemarketing', contacts: { phones: ['0571-8820 1123'] } });
    });
  });
});
