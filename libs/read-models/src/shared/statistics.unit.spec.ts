import { compareText, dayOf, daysBetween, distribution, groupByKeys, isoWeekOf, mean, median, monthOf, percentile, ratio, round, toMillis } from './statistics';

describe('statistics', () => {
  it('mean, median and nearest-rank percentile; null for nothing', () => {
    expect(mean([2, 4, 9])).toBe(5);
    expect(median([9, 2, 4])).toBe(4);
    expect(median([9, 2, 4, 5])).toBe(4.5);
    expect(percentile([30, 60, 10, 240], 90)).toBe(240);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 50)).toBe(7);
    expect([mean([]), median([]), percentile([], 90)]).toEqual([null, null, null]);
    expect(distribution([10, 20])).toEqual({ count: 2, mean: 15, median: 15, p90: 20 });
  });

  it('ratio is null without a denominator; round keeps null', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
    expect(round(2 / 3)).toBe(0.67);
    expect(round(null)).toBeNull();
  });

  it('days between instants, with any offset', () => {
    expect(daysBetween('2024-03-01T00:00:00.000Z', '2024-03-02T12:00:00.000Z')).toBe(1.5);
    expect(daysBetween('2024-03-01T08:00:00.000+08:00', '2024-03-01T00:00:00.000Z')).toBe(0);
  });

  it('UTC day and month of an instant', () => {
    expect(dayOf('2024-03-01T07:30:00.000+08:00')).toBe('2024-02-29');
    expect(monthOf('2024-03-01T07:30:00.000+08:00')).toBe('2024-02');
    expect(monthOf('2024-12-31T23:59:59.999Z')).toBe('2024-12');
  });

  it('day and month agree with Date for the recorded form, other forms and impossible dates', () => {
    const viaDate = (iso: string) => new Date(Date.parse(iso)).toISOString();
    const times = ['2023-02-30T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2024-03-01T07:30:00+08:00', '2024-03-01', '1999-12-31T23:59:59.999Z'];
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2027, 0, 1); t += 37 * 3_600_000 + 1_234) times.push(new Date(t).toISOString());
    expect(times.filter((iso) => dayOf(iso) !== viaDate(iso).slice(0, 10) || monthOf(iso) !== viaDate(iso).slice(0, 7))).toEqual([]);
    expect(dayOf('2023-02-30T00:00:00.000Z')).toBe('2023-03-02');
  });

  it('ISO weeks: Monday starts the week, week 1 holds the first Thursday', () => {
    expect(isoWeekOf('2024-03-11T00:00:00.000Z')).toBe('2024-W11'); // Monday
    expect(isoWeekOf('2024-03-17T23:59:00.000Z')).toBe('2024-W11'); // Sunday
    expect(isoWeekOf('2024-12-30T10:00:00.000Z')).toBe('2025-W01');
    expect(isoWeekOf('2021-01-03T10:00:00.000Z')).toBe('2020-W53');
    expect(isoWeekOf('2026-01-01T10:00:00.000Z')).toBe('2026-W01');
  });

  it('groups items under one or more keys, keys in code-unit order', () => {
    const groups = groupByKeys(['copier', 'printer', 'Copier'], (item) => [item.toLowerCase(), 'all']);
    expect(groups).toEqual([
      ['all', ['copier', 'printer', 'Copier']],
      ['copier', ['copier', 'Copier']],
      ['printer', ['printer']],
    ]);
    expect(['b', 'B', 'a'].sort(compareText)).toEqual(['B', 'a', 'b']);
  });
});

describe('toMillis', () => {
  it('equals Date.parse for recorded times, other ISO forms and impossible dates alike', () => {
    const inputs = [
      '2026-01-05T09:30:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '2023-02-29T10:00:00.000Z',
      '2026-04-31T10:00:00.000Z',
      '2026-13-01T10:00:00.000Z',
      '2026-01-05T24:00:00.000Z',
      '2026-01-05T09:60:00.000Z',
      '2026-01-05T09:30:00.000+08:00',
      '2026-01-05T09:30:00Z',
      '2026-01-05',
      '0999-01-05T09:30:00.000Z',
      '2026-01-0xT09:30:00.000Z',
      'not a time at all, 24 ch',
    ];
    for (const input of inputs) expect([input, toMillis(input)]).toEqual([input, Date.parse(input)]);
  });
});
