// 寻找潜在客户的方法: GET /reports/sources — which prospecting methods bring leads that are won.
import { axisLabel, PALETTE, splitLine, STAGE_COLORS } from '../charts.js';
import * as f from '../format.js';
import { t, term } from '../i18n.js';
import { button, card, el, filters, grid, kpi, kpis, table, periodFields } from '../ui.js';

export default {
  id: 'sources',
  right: 'readReports',
  titleKey: 'nav.sources',
  async render(ctx) {
    const p = Object.fromEntries(ctx.params);
    const report = await ctx.get('/reports/sources', { from: p.from || undefined, to: p.to ? f.addDays(p.to, 1) : undefined });
    const rows = [...report.sources].sort((a, b) => b.won - a.won || b.leads - a.leads);
    const sum = (field) => rows.reduce((total, row) => total + row[field], 0);
    const [leads, won, lost, revenue] = [sum('leads'), sum('won'), sum('lost'), sum('revenueWon')];
    const best = [...rows].sort((a, b) => b.revenueWon - a.revenueWon)[0];
    const go = (changes) => ctx.navigate({ ...p, ...changes });

    const chart = ctx.chart(
      'sources',
      {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { data: [t('sources.leads'), t('sources.won'), t('sources.winRate')] },
        grid: { right: 24, top: 56 },
        // Methods down the side (14 names read better than under a slanted axis); win rate on the top axis.
        yAxis: { type: 'category', inverse: true, data: rows.map((r) => term('source', r.source)), axisLabel: { ...axisLabel, interval: 0 } },
        xAxis: [
          { type: 'value', minInterval: 1, axisLabel, splitLine },
          { type: 'value', max: 1, position: 'top', axisLabel: { ...axisLabel, formatter: (v) => f.pct(v, 0) }, splitLine: { show: false } },
        ],
        series: [
          { name: t('sources.leads'), type: 'bar', barMaxWidth: 12, data: rows.map((r) => r.leads), itemStyle: { color: STAGE_COLORS.C, borderRadius: [0, 3, 3, 0] } },
          { name: t('sources.won'), type: 'bar', barMaxWidth: 12, data: rows.map((r) => r.won), itemStyle: { color: STAGE_COLORS.won, borderRadius: [0, 3, 3, 0] } },
          { name: t('sources.winRate'), type: 'scatter', xAxisIndex: 1, symbol: 'diamond', symbolSize: 11, data: rows.map((r) => r.winRate), itemStyle: { color: '#f79009' }, tooltip: { valueFormatter: (v) => f.pct(v) } },
        ],
      },
      { size: 'xtall' },
    );

    const earning = rows.filter((r) => r.revenueWon > 0).sort((a, b) => b.revenueWon - a.revenueWon);
    const revenueChart = ctx.chart(
      'revenue',
      {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => f.amount(v) },
        grid: { right: 48 },
        xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v) => f.compact(v) }, splitLine },
        yAxis: { type: 'category', inverse: true, data: earning.map((r) => term('source', r.source)), axisLabel },
        series: [
          {
            type: 'bar',
            barMaxWidth: 18,
            data: earning.map((r, i) => ({ value: r.revenueWon, itemStyle: { color: PALETTE[i % PALETTE.length], borderRadius: [0, 4, 4, 0] } })),
            label: { show: true, position: 'right', color: '#475467', formatter: (item) => f.compact(item.value) },
          },
        ],
      },
      { size: 'xtall' },
    );

    return el(
      'div',
      { class: 'stack' },
      filters(
        ...periodFields(p.from, p.to, go),
        button(t('filter.clear'), () => ctx.navigate({}), 'ghost'),
      ),
      kpis(
        kpi({ id: 'leads', label: t('sources.leads'), value: leads, display: f.int(leads) }),
        kpi({ id: 'won', label: t('sources.won'), value: won, display: f.int(won), tone: 'good' }),
        kpi({ id: 'winRate', label: t('sources.winRate'), value: won + lost ? won / (won + lost) : null, display: f.pct(won + lost ? won / (won + lost) : null) }),
        kpi({ id: 'revenue', label: t('sources.revenue'), value: revenue, display: f.compact(revenue) }),
        kpi({ id: 'best', label: t('sources.best'), value: best?.source ?? '', display: best && best.revenueWon > 0 ? term('source', best.source) : '–' }),
      ),
      grid(card(t('sources.chart'), chart), card(t('sources.revenueChart'), revenueChart)),
      card(
        t('sources.table'),
        table(
          [
            { label: t('sources.source'), value: (r) => term('source', r.source) },
            { label: t('sources.leads'), value: (r) => f.int(r.leads), num: true },
            { label: t('sources.qualified'), value: (r) => f.pct(r.qualifiedShare), num: true },
            { label: t('sources.won'), value: (r) => f.int(r.won), num: true },
            { label: t('sources.lost'), value: (r) => f.int(r.lost), num: true },
            { label: t('sources.winRate'), value: (r) => f.pct(r.winRate), num: true },
            { label: t('sources.revenue'), value: (r) => f.amount(r.revenueWon), num: true },
            { label: t('sources.medianDays'), value: (r) => f.num(r.medianDaysToWin), num: true },
          ],
          rows,
        ),
      ),
    );
  },
};
