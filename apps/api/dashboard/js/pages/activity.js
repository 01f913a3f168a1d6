// 拜访与跟进: GET /reports/activity (calls and visits per rep per day, follow-ups due, idle leads)
// and the overdue follow-ups as a work list from the paged GET /leads?followUp=overdue.
import { axisLabel, PALETTE, splitLine } from '../charts.js';
import * as f from '../format.js';
import { t, tn, term } from '../i18n.js';
import { button, card, el, field, filters, grid, kpi, kpis, pagedList, select, shownInSteps, stageBadge, periodFields } from '../ui.js';

const TYPES = ['visit', 'call', 'store_visit', 'direct_mail', 'demo', 'trial', 'email', 'message'];
const DEFAULT_DAYS = 14;

const daysBetween = (from, to) => {
  const days = [];
  for (let day = from; day <= to && days.length < 400; day = f.addDays(day, 1)) days.push(day);
  return days;
};

export default {
  id: 'activity',
  right: 'readReports',
  titleKey: 'nav.activity',
  async render(ctx) {
    const p = Object.fromEntries(ctx.params);
    const to = p.to || f.today();
    const from = p.from || f.addDays(to, -(DEFAULT_DAYS - 1));
    const idleDays = /^\d+$/.test(p.idleDays ?? '') ? Number(p.idleDays) : undefined;
    const report = await ctx.get('/reports/activity', { from, to, repId: p.repId || undefined, idleDays });
    const go = (changes) => ctx.navigate({ ...p, ...changes });

    const rows = report.perRepDay;
    const total = rows.reduce((sum, r) => sum + r.total, 0);
    const calls = rows.reduce((sum, r) => sum + r.counts.call, 0);
    const visits = rows.reduce((sum, r) => sum + r.counts.visit, 0);
    const reps = [...new Set([...rows.map((r) => r.repId), ...(p.repId ? [p.repId] : [])])].sort();
    const days = daysBetween(from, to);

    // Calls and visits per rep per day: one cell per rep and day.
    const cells = new Map(rows.map((r) => [`${r.repId}|${r.day}`, r.counts.call + r.counts.visit]));
    const heat = [];
    for (const [y, rep] of reps.entries()) for (const [x, day] of days.entries()) heat.push([x, y, cells.get(`${rep}|${day}`) ?? 0]);
    const max = Math.max(1, ...heat.map((c) => c[2]));
    const heatmap = ctx.chart(
      'heatmap',
      {
        tooltip: { position: 'top', formatter: (item) => `${reps[item.value[1]]} · ${f.date(`${days[item.value[0]]}T00:00:00Z`)}<br>${t('activity.calls')} + ${t('activity.visits')}: ${f.quantity(item.value[2], 'unit.activity', 0)}` },
        grid: { top: 16, bottom: 56 },
        xAxis: { type: 'category', data: days.map((d) => d.slice(5)), splitArea: { show: true }, axisLabel },
        yAxis: { type: 'category', data: reps, splitArea: { show: true }, axisLabel },
        // The colour scale names its ends with the unit: 0 … max activities.
        visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, text: [`${f.int(max)} ${f.unit(max, 'unit.activity', 0)}`, f.int(0)], inRange: { color: ['#eef4ff', '#84adff', '#2f6bff', '#1d3fbf'] }, textStyle: { color: '#667085' } },
        series: [{ type: 'heatmap', data: heat, label: { show: days.length <= 21, color: '#101828', formatter: (item) => (item.value[2] ? f.int(item.value[2]) : '') }, itemStyle: { borderColor: '#fff', borderWidth: 2, borderRadius: 3 } }],
      },
      { size: reps.length > 8 ? 'xtall' : 'tall' },
    );

    const perRep = new Map();
    for (const r of rows) {
      const counts = perRep.get(r.repId) ?? Object.fromEntries(TYPES.map((type) => [type, 0]));
      for (const type of TYPES) counts[type] += r.counts[type];
      perRep.set(r.repId, counts);
    }
    const used = TYPES.filter((type) => [...perRep.values()].some((c) => c[type] > 0));
    const repChart = ctx.chart(
      'per-rep',
      {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { data: used.map((type) => term('activityType', type)) },
        grid: { right: 24 },
        xAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
        yAxis: { type: 'category', inverse: true, data: [...perRep.keys()], axisLabel },
        series: used.map((type) => ({
          name: term('activityType', type),
          type: 'bar',
          stack: 'activities',
          barMaxWidth: 18,
          itemStyle: { color: PALETTE[TYPES.indexOf(type) % PALETTE.length] },
          data: [...perRep.values()].map((c) => c[type]),
        })),
      },
      { size: reps.length > 8 ? 'xtall' : 'tall' },
    );

    const now = Date.now();
    const worklist = pagedList(ctx, {
      id: 'overdue',
      columns: [
        { label: t('lead.name'), value: (l) => l.name },
        { label: t('lead.owner'), value: (l) => l.ownerId },
        { label: t('lead.stage'), value: (l) => stageBadge(l.stage) },
        { label: t('lead.nextFollowUp'), value: (l) => f.dateTime(l.nextFollowUpAt) },
        { label: t('lead.overdueBy'), value: (l) => f.quantity((now - Date.parse(l.nextFollowUpAt)) / 86_400_000, 'unit.day'), num: true },
        { label: t('lead.lastActivity'), value: (l) => term('activityType', l.lastActivityType) },
        { label: t('lead.expected'), value: (l) => f.amount(l.expectedAmount), num: true },
      ],
      fetchPage: (cursor, limit) => ctx.get('/leads', { followUp: 'overdue', ownerId: p.repId || undefined, sort: 'nextFollowUpAt', limit, cursor }),
    });

    const idle = shownInSteps(
      [
        { label: t('lead.name'), value: (l) => l.name },
        { label: t('lead.owner'), value: (l) => l.ownerId },
        { label: t('lead.stage'), value: (l) => stageBadge(l.stage) },
        { label: t('lead.lastActivity'), value: (l) => f.date(l.lastTouchAt) },
        { label: t('lead.idleDays'), value: (l) => f.num(l.idleDays), num: true },
      ],
      report.idleLeads,
      { step: 25 },
    );

    return el(
      'div',
      { class: 'stack' },
      filters(
        ...periodFields(from, to, go),
        field(t('filter.rep'), select([['', t('filter.all')], ...reps.map((r) => [r, r])], p.repId ?? '', (value) => go({ repId: value }))),
        field(t('filter.idleDays'), el('input', { type: 'number', min: '1', max: '365', value: String(report.idleAfterDays), onChange: (e) => go({ idleDays: e.target.value }) })),
        button(t('filter.clear'), () => ctx.navigate({}), 'ghost'),
      ),
      kpis(
        kpi({ id: 'total', label: t('activity.total'), value: total, display: f.int(total) }),
        kpi({ id: 'calls', label: t('activity.calls'), value: calls, display: f.int(calls) }),
        kpi({ id: 'visits', label: t('activity.visits'), value: visits, display: f.int(visits) }),
        kpi({ id: 'dueToday', label: t('activity.dueToday'), value: report.followUpsDueToday.length, display: f.int(report.followUpsDueToday.length) }),
        kpi({ id: 'overdue', label: t('activity.overdue'), value: report.followUpsOverdue.length, display: f.int(report.followUpsOverdue.length), tone: report.followUpsOverdue.length ? 'bad' : 'good' }),
        kpi({ id: 'idle', label: t('activity.idle'), value: report.idleLeads.length, display: f.int(report.idleLeads.length), tone: report.idleLeads.length ? 'warn' : '' }),
      ),
      grid(card(t('activity.heatmap'), heatmap, heat.some((c) => c[2] > 0) ? el('p', { class: 'chart-note', dataset: { scale: 'heatmap' } }, t('activity.scale', { max: f.int(max) })) : null), card(t('activity.perRep'), repChart)),
      card(t('activity.worklist'), worklist),
      card(tn('activity.idleList', report.idleAfterDays, { n: f.int(report.idleAfterDays) }), idle),
    );
  },
};
