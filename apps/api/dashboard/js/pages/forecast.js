// 销售预测: GET /reports/forecast by stage and owner (or team, source, product); a figure's leads
// are listed from the paged GET /leads with the same filters, 50 at a time, never all at once.
import { axisLabel, splitLine, STAGE_COLORS } from '../charts.js';
import * as f from '../format.js';
import { t, tn, term } from '../i18n.js';
import { card, clear, el, field, filters, grid, kpi, kpis, pagedList, select, stageBadge, table } from '../ui.js';
import { groupLabel } from './funnel.js';

const GROUPINGS = ['owner', 'team', 'source', 'product'];
const OPEN = ['D', 'C', 'B', 'A'];
/** The chart's bars: the groups with the largest forecast (the table lists them all). */
const CHART_GROUPS = 15;
/** The list filter of GET /leads that selects a group's leads. */
const LIST_FILTER = { owner: 'ownerId', team: 'teamId', source: 'source', product: 'product' };
/** The forecast's key for leads without a product: no list filter selects them. */
const NO_PRODUCT = '(none)';

export const leadColumns = () => [
  { label: t('lead.name'), value: (l) => l.name },
  { label: t('lead.owner'), value: (l) => l.ownerId },
  { label: t('lead.stage'), value: (l) => stageBadge(l.stage) },
  { label: t('lead.man'), value: (l) => l.manClass },
  { label: t('lead.expected'), value: (l) => f.amount(l.expectedAmount), num: true },
  { label: t('lead.expectedClose'), value: (l) => (l.expectedCloseDate ? f.date(`${l.expectedCloseDate}T00:00:00Z`) : null) },
  { label: t('lead.daysInStage'), value: (l) => f.num(l.daysInStage), num: true },
];

export default {
  id: 'forecast',
  right: 'readReports',
  titleKey: 'nav.forecast',
  async render(ctx) {
    const p = Object.fromEntries(ctx.params);
    const groupBy = GROUPINGS.includes(p.groupBy) ? p.groupBy : 'owner';
    const report = await ctx.get('/reports/forecast', { groupBy });
    const groups = [...report.groups].sort((a, b) => b.total.forecast - a.total.forecast);
    const drill = el('div', { class: 'drill', dataset: { drill: '' } }, el('p', { class: 'muted', text: t('forecast.pick') }));

    /** Lists the leads behind one figure: a group's stage (or the whole stage when key is null). */
    const showLeads = (key, stage) => {
      const what = `${key === null ? t('filter.all') : groupLabel(groupBy, key)} · ${term('stage', stage)}`;
      drill.dataset.drill = `${key ?? ''}|${stage}`;
      if (key === NO_PRODUCT) {
        clear(drill, el('h3', { class: 'subhead', text: t('forecast.leadsBehind', { what }) }), el('p', { class: 'muted', text: t('forecast.noDrill') }));
        return;
      }
      const filter = key === null ? {} : { [LIST_FILTER[groupBy]]: key };
      clear(
        drill,
        el('h3', { class: 'subhead', text: t('forecast.leadsBehind', { what }) }),
        pagedList(ctx, {
          id: 'forecast-leads',
          columns: leadColumns(),
          fetchPage: (cursor, limit) => ctx.get('/leads', { ...filter, stage, sort: '-expectedAmount', limit, cursor }),
        }),
      );
      drill.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    };

    const figure = (key, stage, forecast) =>
      forecast.leads === 0
        ? el('span', { class: 'muted', text: '–' })
        : el(
            'button',
            { type: 'button', class: 'figure', dataset: { group: key ?? '', stage }, onClick: () => showLeads(key, stage) },
            el('span', { class: 'figure-main', text: f.compact(forecast.forecast) }),
            el('span', { class: 'figure-sub', text: f.quantity(forecast.leads, 'unit.lead', 0) }),
          );

    const rates = el(
      'div',
      { class: 'rates' },
      OPEN.map((stage) => {
        const rate = report.rates[stage];
        const how = rate.rate === null ? t('forecast.noRate') : rate.rateSource === 'configured' ? t('forecast.configured') : tn('forecast.learned', rate.closedSample, { n: f.int(rate.closedSample) });
        return el('div', { class: 'rate', dataset: { stage } }, el('div', { class: 'rate-stage' }, el('span', { class: `dot stage-${stage}` }), term('stage', stage)), el('div', { class: 'rate-value', text: f.pct(rate.rate) }), el('div', { class: 'muted', text: how }));
      }),
    );

    const top = groups.slice(0, CHART_GROUPS).reverse();
    const left = groups.length - top.length;
    const cutNote = left > 0 ? el('p', { class: 'chart-note', dataset: { cut: String(left) } }, tn('forecast.topNote', left, { shown: top.length, left: f.int(left), groups: t(`groups.${groupBy}`) })) : null;
    const chart = ctx.chart(
      'forecast',
      {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => f.amount(v) },
        legend: { data: OPEN.map((s) => term('stage', s)) },
        grid: { right: 24 },
        xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v) => f.compact(v) }, splitLine },
        yAxis: { type: 'category', data: top.map((g) => groupLabel(groupBy, g.key)), axisLabel },
        series: OPEN.map((stage, i) => ({
          name: term('stage', stage),
          type: 'bar',
          stack: 'forecast',
          barMaxWidth: 22,
          itemStyle: { color: STAGE_COLORS[stage], borderRadius: i === OPEN.length - 1 ? [0, 4, 4, 0] : 0 },
          data: top.map((g) => g.stages[i].forecast ?? 0),
        })),
      },
      { size: 'tall', onClick: (item) => top[item.dataIndex] && showLeads(top[item.dataIndex].key, OPEN[item.seriesIndex]) },
    );

    const byStage = Object.fromEntries(report.total.basis.stages.map((s) => [s.stage, s]));
    const totalsRow = {
      key: null,
      stages: OPEN.map((stage) => ({ stage, leads: byStage[stage]?.basis.leads.length ?? 0, forecast: byStage[stage]?.forecast ?? 0 })),
      total: report.total,
    };
    const figures = table(
      [
        { label: t(`group.${groupBy}`), value: (g) => (g.key === null ? el('strong', { text: t('filter.all') }) : groupLabel(groupBy, g.key)) },
        ...OPEN.map((stage, i) => ({ label: term('stage', stage), value: (g) => figure(g.key, stage, g.stages[i]), num: true })),
        { label: t('forecast.total'), value: (g) => el('strong', { text: f.amount(g.total.forecast) }), num: true },
      ],
      [totalsRow, ...groups],
    );

    return el(
      'div',
      { class: 'stack' },
      filters(field(t('filter.groupBy'), select(GROUPINGS.map((g) => [g, t(`group.${g}`)]), groupBy, (value) => ctx.navigate({ groupBy: value })))),
      kpis(
        kpi({ id: 'openLeads', label: t('forecast.openLeads'), value: report.total.leads, display: f.int(report.total.leads) }),
        kpi({ id: 'amount', label: t('forecast.amount'), value: report.total.amount, display: f.compact(report.total.amount) }),
        kpi({ id: 'forecast', label: t('forecast.total'), value: report.total.forecast, display: f.compact(report.total.forecast), hint: t('forecast.totalHint'), tone: 'good' }),
        kpi({ id: 'unrated', label: t('forecast.unrated'), value: report.total.unratedLeadIds.length, display: f.int(report.total.unratedLeadIds.length) }),
      ),
      card(t('forecast.rates'), rates),
      grid(card(t('forecast.byGroup', { group: t(`group.${groupBy}`) }), chart, cutNote)),
      card(t('forecast.table', { group: t(`group.${groupBy}`) }), figures, drill),
    );
  },
};
