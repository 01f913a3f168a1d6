// 投诉与满意度: GET /reports/satisfaction by month, category and touchpoint (trend, time to resolve,
// deadlines missed, expected vs perceived, NPS), and the paged complaints list (GET /complaints).
import { axisLabel, splitLine } from '../charts.js';
import * as f from '../format.js';
import { t, term } from '../i18n.js';
import { badge, button, card, el, field, filters, grid, kpi, kpis, pagedList, select, shownInSteps, periodFields } from '../ui.js';

const STATUSES = ['open', 'resolved'];

const nextMonth = (month) => {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
};

const barChart = (ctx, id, groups, kind) => {
  const rows = [...groups].sort((a, b) => b.complaints - a.complaints);
  return ctx.chart(id, {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [t('service.complaints'), t('service.open')] },
    grid: { right: 24 },
    xAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
    yAxis: { type: 'category', inverse: true, data: rows.map((g) => term(kind, g.key)), axisLabel },
    series: [
      { name: t('service.complaints'), type: 'bar', barMaxWidth: 18, data: rows.map((g) => g.complaints), itemStyle: { color: '#7a5af8', borderRadius: [0, 3, 3, 0] } },
      { name: t('service.open'), type: 'bar', barMaxWidth: 18, data: rows.map((g) => g.open), itemStyle: { color: '#f79009', borderRadius: [0, 3, 3, 0] } },
    ],
  });
};

export default {
  id: 'service',
  right: 'readSatisfaction',
  titleKey: 'nav.service',
  async render(ctx) {
    const p = Object.fromEntries(ctx.params);
    const period = { from: p.from || undefined, to: p.to ? f.addDays(p.to, 1) : undefined };
    const [byMonth, byCategory, byTouchpoint] = await Promise.all(
      ['month', 'category', 'touchpoint'].map((groupBy) => ctx.get('/reports/satisfaction', { ...period, groupBy })),
    );
    const total = byMonth.total;
    const go = (changes) => ctx.navigate({ ...p, ...changes });
    const resolveHours = f.hours(total.timeToResolve.median);

    // Every month from the first complaint to the last, so a month without any shows as none.
    const byKey = new Map(byMonth.groups.map((g) => [g.key, g]));
    const months = [];
    if (byMonth.groups.length) {
      const [first, last] = [byMonth.groups[0].key, byMonth.groups[byMonth.groups.length - 1].key];
      for (let month = first; month <= last && months.length < 240; month = nextMonth(month)) months.push(byKey.get(month) ?? { key: month, complaints: 0, satisfaction: { nps: null } });
    }
    const trend = ctx.chart(
      'trend',
      {
        tooltip: { trigger: 'axis' },
        legend: { data: [t('service.complaints'), t('service.nps')] },
        xAxis: { type: 'category', data: months.map((g) => g.key), axisLabel },
        yAxis: [
          { type: 'value', minInterval: 1, axisLabel, splitLine },
          { type: 'value', min: -100, max: 100, axisLabel, splitLine: { show: false } },
        ],
        series: [
          { name: t('service.complaints'), type: 'bar', barMaxWidth: 30, data: months.map((g) => g.complaints), itemStyle: { color: '#7a5af8', borderRadius: [3, 3, 0, 0] } },
          { name: t('service.nps'), type: 'line', yAxisIndex: 1, connectNulls: true, symbolSize: 7, data: months.map((g) => g.satisfaction.nps), itemStyle: { color: '#17b26a' } },
        ],
      },
      { size: 'tall' },
    );

    const categories = [...byCategory.groups].sort((a, b) => b.complaints - a.complaints);
    const resolveChart = ctx.chart('resolve', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => f.quantity(v, 'unit.hour') },
      legend: { data: [t('service.median'), t('service.p90')] },
      grid: { right: 24 },
      xAxis: { type: 'value', axisLabel, splitLine },
      yAxis: { type: 'category', inverse: true, data: categories.map((g) => term('category', g.key)), axisLabel },
      series: [
        { name: t('service.median'), type: 'bar', barMaxWidth: 16, data: categories.map((g) => f.hours(g.timeToResolve.median)), itemStyle: { color: '#06aed4', borderRadius: [0, 3, 3, 0] } },
        { name: t('service.p90'), type: 'bar', barMaxWidth: 16, data: categories.map((g) => f.hours(g.timeToResolve.p90)), itemStyle: { color: '#0e9384', borderRadius: [0, 3, 3, 0] } },
      ],
    });

    const answered = categories.filter((g) => g.satisfaction.answers > 0);
    const expectationChart = ctx.chart('expectation', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => f.num(v, 2) },
      legend: { data: [t('service.expected'), t('service.perceived')] },
      xAxis: { type: 'category', data: answered.map((g) => term('category', g.key)), axisLabel: { ...axisLabel, interval: 0, rotate: answered.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 5, axisLabel, splitLine },
      series: [
        { name: t('service.expected'), type: 'bar', barMaxWidth: 22, data: answered.map((g) => g.satisfaction.meanExpected), itemStyle: { color: '#98a2b3', borderRadius: [3, 3, 0, 0] } },
        { name: t('service.perceived'), type: 'bar', barMaxWidth: 22, data: answered.map((g) => g.satisfaction.meanPerceived), itemStyle: { color: '#2f6bff', borderRadius: [3, 3, 0, 0] } },
      ],
    });

    const complaints = pagedList(ctx, {
      id: 'complaints',
      columns: [
        { label: t('service.logged'), value: (c) => f.dateTime(c.loggedAt) },
        { label: t('service.category'), value: (c) => term('category', c.category) },
        { label: t('service.touchpoint'), value: (c) => term('touchpoint', c.touchpoint) },
        { label: t('service.severity'), value: (c) => badge(term('severity', c.severity), c.severity === 'critical' || c.severity === 'high' ? 'bad' : '') },
        { label: t('service.status'), value: (c) => badge(term('status', c.status), c.status === 'open' ? 'warn' : 'good') },
        { label: t('service.responseMin'), value: (c) => f.int(c.responseMinutes), num: true },
        { label: t('service.resolutionH'), value: (c) => f.num(f.hours(c.resolutionMinutes)), num: true },
        { label: t('service.deadline'), value: (c) => (c.deadlineMet === null ? '–' : badge(c.deadlineMet ? t('service.met') : t('service.notMet'), c.deadlineMet ? 'good' : 'bad')) },
        { label: t('service.satisfaction'), value: (c) => (c.satisfaction ? `${c.satisfaction.perceivedService}/5 · ${c.satisfaction.likelihoodToRecommend}/10` : '–') },
      ],
      fetchPage: (cursor, limit) => ctx.get('/complaints', { status: STATUSES.includes(p.status) ? p.status : undefined, limit, cursor }),
    });

    const missed = total.deadlines.missedComplaintIds.map((id) => ({ id }));

    return el(
      'div',
      { class: 'stack' },
      filters(
        ...periodFields(p.from, p.to, go),
        button(t('filter.clear'), () => ctx.navigate({}), 'ghost'),
      ),
      kpis(
        kpi({ id: 'complaints', label: t('service.complaints'), value: total.complaints, display: f.int(total.complaints) }),
        kpi({ id: 'open', label: t('service.open'), value: total.open, display: f.int(total.open), tone: total.open ? 'warn' : '' }),
        kpi({ id: 'resolveMedian', label: t('service.resolveMedian'), value: resolveHours, display: f.num(resolveHours), unit: f.unit(resolveHours, 'unit.hour') }),
        kpi({ id: 'missed', label: t('service.missed'), value: total.deadlines.missed, display: f.int(total.deadlines.missed), tone: total.deadlines.missed ? 'bad' : 'good' }),
        kpi({ id: 'nps', label: t('service.nps'), value: total.satisfaction.nps, display: f.num(total.satisfaction.nps, 0), hint: t('service.npsHint') }),
        kpi({ id: 'gap', label: t('service.gap'), value: total.satisfaction.meanGap, display: f.num(total.satisfaction.meanGap, 2), hint: t('service.gapHint'), tone: (total.satisfaction.meanGap ?? 0) < 0 ? 'bad' : 'good' }),
        kpi({ id: 'buyAgain', label: t('service.buyAgain'), value: total.satisfaction.wouldBuyAgainShare, display: f.pct(total.satisfaction.wouldBuyAgainShare) }),
      ),
      grid(card(t('service.trend'), trend), card(t('service.expectation'), expectationChart)),
      grid(card(t('service.byCategory'), barChart(ctx, 'category', byCategory.groups, 'category')), card(t('service.byTouchpoint'), barChart(ctx, 'touchpoint', byTouchpoint.groups, 'touchpoint'))),
      grid(
        card(t('service.resolveTime'), resolveChart),
        card(
          t('service.deadlines'),
          kpis(
            kpi({ id: 'deadlinesMet', label: t('service.met'), value: total.deadlines.met, display: f.int(total.deadlines.met), tone: 'good' }),
            kpi({ id: 'deadlinesMissed', label: t('service.notMet'), value: total.deadlines.missed, display: f.int(total.deadlines.missed), tone: total.deadlines.missed ? 'bad' : '' }),
            kpi({ id: 'deadlinesPending', label: t('service.pending'), value: total.deadlines.pending, display: f.int(total.deadlines.pending) }),
          ),
          el('h3', { class: 'minor', text: t('service.missedList') }),
          missed.length ? shownInSteps([{ label: 'ID', value: (r) => el('span', { class: 'mono', text: r.id }) }], missed, { step: 10 }) : el('p', { class: 'empty', text: t('service.none') }),
        ),
      ),
      card(
        t('service.list'),
        filters(field(t('filter.status'), select([['', t('filter.all')], ...STATUSES.map((s) => [s, term('status', s)])], p.status ?? '', (value) => go({ status: value })))),
        complaints,
      ),
    );
  },
};
