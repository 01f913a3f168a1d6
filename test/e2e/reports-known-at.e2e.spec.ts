import { Clock } from '@app/application/clock';
import { personLead } from '../support/fixtures';
import { errorFields, expectProblem, uid } from '../support/e2e';
import { startTestApp, TestApp } from '../support/test-app';

/** The app's clock, set by the test: it is what every command records as recordedAt. */
class SetClock extends Clock {
  constructor(public time: string) {
    super();
  }
  now(): string {
    return this.time;
  }
}

/** A time in 2026 (UTC): `at('05-31')` is 2026-05-31T00:00:00.000Z. */
const at = (monthDay: string) => `2026-${monthDay}T00:00:00.000Z`;
const stages = (some: Record<string, number>) => ({ D: 0, C: 0, B: 0, A: 0, won: 0, lost: 0, ...some });

/**
 * The funnel as it stood (asOf, business time) against the funnel as the system knew it (knownAt,
 * recording time), over a history whose past was imported back-dated:
 *
 * | recorded on | what                                                                  |
 * |-------------|-----------------------------------------------------------------------|
 * | 05-01       | L1 captured (live)                                                    |
 * | 05-02       | L2 captured (live)                                                    |
 * | 05-10       | L1 → C (live)                                                         |
 * | 06-15       | import: L3 captured 03-01, → C 03-10, won 04-01; L2 lost back-dated 05-20 |
 * | 06-20       | L1 → B (live)                                                         |
 */
describe('GET /reports/funnel?asOf=&knownAt=', () => {
  let t: TestApp;
  let written = 0;
  const clock = new SetClock(at('05-01'));
  const L = Object.fromEntries(['L1', 'L2', 'L3'].map((name) => [name, uid(name.toLowerCase())]));
  const END_OF_MAY = at('05-31');

  const post = async (path: string, body: Record<string, unknown>): Promise<void> => {
    const res = await t.http.post(path).send(body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    written = Math.max(written, res.body.position);
  };
  const funnel = async (query: string): Promise<any> => (await t.http.get(`/reports/funnel?${query}&minPosition=${written}`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const capture = (name: string, extra: Record<string, unknown> = {}) => post('/leads', personLead({ id: L[name], name: `Lead ${name}`, ...extra }));
    const move = (name: string, to: string, extra: Record<string, unknown> = {}) => post(`/leads/${L[name]}/stage`, { to, ...extra });

    // Live: each fact recorded when it happens (occurredAt defaults to the clock).
    await capture('L1');
    clock.time = at('05-02');
    await capture('L2');
    clock.time = at('05-10');
    await move('L1', 'C');

    // The import on 15 June: the March lead's history and a loss that happened in May, back-dated.
    clock.time = at('06-15');
    await capture('L3', { occurredAt: at('03-01') });
    await move('L3', 'C', { occurredAt: at('03-10') });
    await move('L3', 'won', { amount: 5000, occurredAt: at('04-01') });
    await move('L2', 'lost', { reason: 'No budget this year', occurredAt: at('05-20') });

    clock.time = at('06-20');
    await move('L1', 'B');
  });
  afterAll(() => t.destroy());

  it('the lead keeps both times of every move: when it happened and when it was recorded', async () => {
    const lead = (await t.http.get(`/leads/${L.L2}?minPosition=${written}`).expect(200)).body;
    expect(lead.stageHistory).toEqual([
      { stage: 'D', at: at('05-02'), recordedAt: at('05-02') },
      { stage: 'lost', at: at('05-20'), recordedAt: at('06-15') },
    ]);
  });

  it('asOf: as it stood at the end of May, the back-dated import included', async () => {
    const body = await funnel(`asOf=${END_OF_MAY}`);
    expect(body).toMatchObject({ asOf: END_OF_MAY, knownAt: null });
    expect(body.total).toMatchObject({ leads: 3, stages: stages({ C: 1, won: 1, lost: 1 }), won: 1, lost: 1, winRate: 0.5 });
    // D: L1 9, L2 18, L3 9 days; C: L1 21 (still there on 31 May), L3 22.
    expect(body.total.meanDaysInStage).toEqual({ D: 12, C: 21.5, B: null, A: null });
  });

  it('knownAt: as the system knew it at the end of May, before the import and the correction', async () => {
    const body = await funnel(`knownAt=${END_OF_MAY}`);
    // Alone, knownAt is also the business time read.
    expect(body).toMatchObject({ asOf: END_OF_MAY, knownAt: END_OF_MAY });
    expect(body.total).toMatchObject({ leads: 2, stages: stages({ D: 1, C: 1 }), won: 0, lost: 0, winRate: null, daysToLose: { count: 0 } });
    // D: L1 9, L2 29 (still open as far as anyone knew); C: L1 21.
    expect(body.total.meanDaysInStage).toEqual({ D: 19, C: 21, B: null, A: null });
  });

  it('both: as it stood at asOf by what was known at knownAt (each cut-off inclusive)', async () => {
    const asStood = await funnel(`asOf=${END_OF_MAY}`);
    // Known once the import was recorded (15 June, inclusive): the same as what stood then.
    expect((await funnel(`asOf=${END_OF_MAY}&knownAt=${at('06-15')}`)).total).toEqual(asStood.total);
    // A second before the import it is the funnel known at the end of May.
    const beforeImport = await funnel(`asOf=${END_OF_MAY}&knownAt=2026-06-14T23:59:59.000Z`);
    expect(beforeImport).toMatchObject({ asOf: END_OF_MAY, knownAt: '2026-06-14T23:59:59.000Z' });
    expect(beforeImport.total).toEqual((await funnel(`knownAt=${END_OF_MAY}`)).total);
    // April: one won lead as it stood, but nobody knew of it in May.
    expect((await funnel(`asOf=${at('04-30')}`)).total).toMatchObject({ leads: 1, won: 1, stages: stages({ won: 1 }) });
    expect((await funnel(`asOf=${at('04-30')}&knownAt=${END_OF_MAY}`)).total).toMatchObject({ leads: 0, won: 0, winRate: null });
  });

  it('without either: everything recorded, L1 now at B', async () => {
    const body = await funnel('groupBy=source');
    expect(body).toMatchObject({ asOf: null, knownAt: null });
    expect(body.total).toMatchObject({ leads: 3, stages: stages({ B: 1, won: 1, lost: 1 }) });
  });

  it.each([
    ['in the future', 'knownAt=2099-01-01T00:00:00Z', /future/],
    ['not a time', 'knownAt=yesterday', /ISO 8601/i],
    ['not a real date', 'knownAt=2026-02-30', /ISO 8601/i],
    ['before asOf', `asOf=${at('06-01')}&knownAt=${END_OF_MAY}`, /knownAt must not be before asOf/],
  ])('a knownAt %s is 400 naming knownAt', async (_case, query, message) => {
    const res = await t.http.get(`/reports/funnel?${query}`);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(errorFields(res)).toEqual(['knownAt']);
    expect(JSON.stringify(res.body.errors)).toMatch(message);
  });

  it('knownAt equal to asOf is fine', async () => {
    expect((await funnel(`asOf=${END_OF_MAY}&knownAt=${END_OF_MAY}`)).total).toEqual((await funnel(`knownAt=${END_OF_MAY}`)).total);
  });
});
