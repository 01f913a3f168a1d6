// 客户档案: one customer file (GET /customers/:id, read for a stated purpose: the access log records
// it) with the five archive sections and a timeline; customers are found in the paged list.
import { ApiError } from '../api.js';
import { axisLabel, splitLine } from '../charts.js';
import * as f from '../format.js';
import { t, term } from '../i18n.js';
import { badge, card, el, facts, field, fill, grid, kpi, kpis, pagedList, stageBadge, table } from '../ui.js';

/** What the access log records as the reason for reading a file from the dashboard. */
export const PURPOSE = 'dashboard customer file';
const FIVE_C = ['character', 'capacity', 'capital', 'collateral', 'conditions'];

const list = (values) => (values?.length ? values.join(', ') : null);

const basicData = (c) => {
  const o = c.profile.organisation;
  const i = c.profile.individual;
  return facts([
    [t('customer.kind'), term('customer.kind', c.profile.kind)],
    [t('customer.name'), c.profile.name],
    [t('customer.phones'), list(c.profile.contacts?.phones)],
    [t('customer.emails'), list(c.profile.contacts?.emails)],
    [t('customer.address'), c.profile.contacts?.address ?? null],
    [t('customer.source'), term('source', c.source)],
    [t('customer.owner'), `${c.ownerId} · ${c.teamId}`],
    ...[o, i].filter(Boolean).flatMap((more) => Object.entries(more).map(([name, value]) => [term('fact', name), Array.isArray(value) ? list(value) : typeof value === 'number' ? f.int(value) : value])),
  ]);
};

const creditChart = (ctx, credit) =>
  ctx.chart(
    'credit',
    {
      tooltip: {},
      radar: {
        indicator: FIVE_C.map((name) => ({ name: t(`customer.5c.${name}`), max: 5 })),
        radius: '68%',
        axisName: { color: '#475467' },
        splitLine: { lineStyle: { color: '#eaecf0' } },
        splitArea: { areaStyle: { color: ['#fff', '#f9fafb'] } },
      },
      series: [{ type: 'radar', areaStyle: { color: 'rgba(47,107,255,0.18)' }, lineStyle: { color: '#2f6bff' }, itemStyle: { color: '#2f6bff' }, data: [{ name: t('customer.credit'), value: FIVE_C.map((name) => credit.scores[name]) }] }],
    },
    { size: 'short' },
  );

const receivablesChart = (ctx, r) => {
  const names = ['invoiced', 'paid', 'returned', 'discounted', 'outstanding'];
  const colors = ['#2f6bff', '#17b26a', '#f79009', '#7a5af8', '#f04438'];
  return ctx.chart(
    'receivables',
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => f.amount(v) },
      grid: { right: 24, top: 8 },
      xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v) => f.compact(v) }, splitLine },
      yAxis: { type: 'category', inverse: true, data: names.map((n) => t(`customer.${n}`)), axisLabel },
      series: [{ type: 'bar', barMaxWidth: 16, data: names.map((n, i) => ({ value: r[n], itemStyle: { color: colors[i], borderRadius: [0, 3, 3, 0] } })) }],
    },
    { size: 'short' },
  );
};

/** A changed field of the profile by its label (contacts.wechat → WeChat, organisation.headcount → Team size). */
const fieldLabel = (path) => {
  const own = t(`field.${path}`);
  if (own !== `field.${path}`) return own;
  const name = path.split('.').at(-1);
  return term('fact', name);
};

/**
 * One timeline entry in words, from its kind and values (the API's English `summary` is the line
 * for entries it sent without a kind).
 */
export const timelineLine = (entry) => {
  const amount = f.amount(entry.amount);
  switch (entry.kind) {
    case 'registered':
      return entry.fromLeadId ? t('timeline.registeredFrom', { lead: entry.fromLeadId }) : t('timeline.registered');
    case 'profile_updated':
      return t('timeline.profile_updated', { fields: entry.changedFields.map(fieldLabel).join(t('timeline.listSeparator')) });
    case 'credit_assessed':
      return t('timeline.credit_assessed', { rating: entry.rating, limit: f.amount(entry.creditLimit) });
    case 'contract_signed':
      return t('timeline.contract_signed', { id: entry.contractId, title: entry.title, amount });
    case 'order_placed':
      return t('timeline.order_placed', { id: entry.orderId, amount });
    case 'payment_received':
      return t('timeline.payment_received', { id: entry.paymentId, amount, method: term('payMethod', entry.method) });
    case 'return_recorded':
      return t('timeline.return_recorded', { id: entry.returnId, order: entry.orderId, amount });
    case 'discount_granted':
      return t('timeline.discount_granted', { id: entry.discountId, amount });
    case 'identity_verified':
      return t('timeline.identity_verified', { method: term('idMethod', entry.method), date: f.date(`${entry.reverifyBy}T00:00:00Z`) });
    case 'class_changed':
      return t('timeline.class_changed', { from: term('class', entry.from), to: term('class', entry.to) });
    case 'referral_reward_owed':
      return t('timeline.referral_reward_owed', { id: entry.rewardId, lead: entry.referredLeadId, amount });
    case 'referral_reward_paid':
      return t('timeline.referral_reward_paid', { id: entry.rewardId, amount });
    default:
      return entry.summary;
  }
};

const timeline = (entries) =>
  el(
    'ol',
    { class: 'timeline', dataset: { timeline: String(entries.length) } },
    [...entries].reverse().map((entry) =>
      el(
        'li',
        { dataset: { kind: entry.kind ?? '' } },
        el('div', { class: 'timeline-at', text: f.dateTime(entry.at) }),
        el('div', { class: 'timeline-type', text: term('event', entry.type) }),
        el('div', { class: 'timeline-summary', text: timelineLine(entry) }),
      ),
    ),
  );

const customerFile = (ctx, c) => {
  const r = c.receivables;
  return el(
    'div',
    { class: 'stack', dataset: { customer: c.customerId } },
    el(
      'div',
      { class: 'file-head card' },
      el('div', {}, el('h2', { class: 'file-name', text: c.profile.name }), el('div', { class: 'muted mono', text: c.customerId })),
      el(
        'div',
        { class: 'file-badges' },
        badge(term('class', c.customerClass), c.customerClass === 'vip' ? 'good' : ''),
        badge(`${t('customer.identity')}: ${term('identity', c.identityState)}`, c.identityState === 'verified' ? 'good' : 'warn'),
        c.credit ? badge(`${t('customer.rating')} ${c.credit.rating}`, c.credit.rating === 'A' || c.credit.rating === 'B' ? 'good' : 'warn') : null,
      ),
    ),
    kpis(
      kpi({ id: 'invoiced', label: t('customer.invoiced'), value: r.invoiced, display: f.amount(r.invoiced) }),
      kpi({ id: 'paid', label: t('customer.paid'), value: r.paid, display: f.amount(r.paid), tone: 'good' }),
      kpi({ id: 'outstanding', label: t('customer.outstanding'), value: r.outstanding, display: f.amount(r.outstanding), tone: r.outstanding > 0 ? 'warn' : '' }),
      kpi({ id: 'orders', label: t('customer.orderCount'), value: c.trading.orderCount, display: f.int(c.trading.orderCount) }),
      kpi({ id: 'limit', label: t('customer.limit'), value: c.credit?.creditLimit ?? null, display: f.amount(c.credit?.creditLimit ?? null) }),
    ),
    grid(
      card(t('customer.section1'), basicData(c)),
      card(
        t('customer.credit'),
        c.credit
          ? [facts([[t('customer.rating'), c.credit.rating], [t('customer.score'), `${c.credit.score} / 25`], [t('customer.limit'), f.amount(c.credit.creditLimit)], [t('customer.at'), f.date(c.credit.assessedAt)]]), creditChart(ctx, c.credit)]
          : el('p', { class: 'empty', text: t('app.empty') }),
      ),
    ),
    card(
      t('customer.section2'),
      el('h3', { class: 'minor', text: t('customer.contracts') }),
      table(
        [
          { label: 'ID', value: (k) => k.contractId },
          { label: t('customer.title'), value: (k) => k.title },
          { label: t('customer.amount'), value: (k) => f.amount(k.amount), num: true },
          { label: t('customer.signedOn'), value: (k) => f.date(`${k.signedOn}T00:00:00Z`) },
        ],
        c.contracts,
      ),
      el('h3', { class: 'minor', text: t('customer.orders') }),
      table(
        [
          { label: t('customer.order'), value: (o) => o.orderId },
          { label: t('customer.placedAt'), value: (o) => f.date(o.placedAt) },
          { label: t('customer.amount'), value: (o) => f.amount(o.amount), num: true },
          { label: t('customer.paid'), value: (o) => f.amount(o.paid), num: true },
          { label: t('customer.outstanding'), value: (o) => f.amount(o.outstanding), num: true },
          { label: t('customer.dueOn'), value: (o) => (o.dueOn ? f.date(`${o.dueOn}T00:00:00Z`) : null) },
        ],
        c.orders,
      ),
    ),
    grid(
      card(
        t('customer.section3'),
        receivablesChart(ctx, r),
        el('h3', { class: 'minor', text: t('customer.payments') }),
        table(
          [
            { label: 'ID', value: (x) => x.paymentId },
            { label: t('customer.order'), value: (x) => x.orderId },
            { label: t('customer.amount'), value: (x) => f.amount(x.amount), num: true },
            { label: t('customer.method'), value: (x) => term('payMethod', x.method) },
            { label: t('customer.at'), value: (x) => f.date(x.at) },
          ],
          c.payments,
        ),
      ),
      card(
        t('customer.section4'),
        facts([
          [t('customer.orderCount'), f.int(c.trading.orderCount)],
          [t('customer.firstOrder'), f.date(c.trading.firstOrderAt)],
          [t('customer.lastOrder'), f.date(c.trading.lastOrderAt)],
          [t('customer.totalOrdered'), f.amount(c.trading.totalOrdered)],
          [t('customer.registered'), f.date(c.registeredAt)],
        ]),
        el('h3', { class: 'minor', text: t('customer.classHistory') }),
        table(
          [
            { label: t('customer.from'), value: (x) => (x.from ? term('class', x.from) : '–') },
            { label: t('customer.to'), value: (x) => term('class', x.to) },
            { label: t('customer.reason'), value: (x) => x.reason },
            { label: t('customer.at'), value: (x) => f.date(x.at) },
          ],
          c.classHistory,
        ),
      ),
    ),
    card(
      t('customer.section5'),
      grid(
        el(
          'div',
          {},
          el('h3', { class: 'minor', text: t('customer.returns') }),
          table(
            [
              { label: t('customer.order'), value: (x) => x.orderId },
              { label: t('customer.amount'), value: (x) => f.amount(x.amount), num: true },
              { label: t('customer.reason'), value: (x) => x.reason },
              { label: t('customer.at'), value: (x) => f.date(x.at) },
            ],
            c.returns,
          ),
        ),
        el(
          'div',
          {},
          el('h3', { class: 'minor', text: t('customer.discounts') }),
          table(
            [
              { label: t('customer.order'), value: (x) => x.orderId },
              { label: t('customer.amount'), value: (x) => f.amount(x.amount), num: true },
              { label: t('customer.reason'), value: (x) => x.reason },
              { label: t('customer.at'), value: (x) => f.date(x.at) },
            ],
            c.discounts,
          ),
        ),
      ),
    ),
    grid(
      card(
        t('customer.complaints'),
        table(
          [
            { label: t('service.logged'), value: (x) => f.date(x.loggedAt) },
            { label: t('service.category'), value: (x) => term('category', x.category) },
            { label: t('service.touchpoint'), value: (x) => term('touchpoint', x.touchpoint) },
            { label: t('service.status'), value: (x) => badge(term('status', x.status), x.status === 'open' ? 'warn' : 'good') },
            { label: t('service.satisfaction'), value: (x) => (x.satisfaction ? `${x.satisfaction.perceivedService}/5 (${t('service.expected')} ${x.satisfaction.expectedService})` : '–') },
          ],
          c.complaints,
        ),
      ),
      card(
        t('customer.referrals'),
        table(
          [
            { label: t('customer.referred'), value: (x) => x.referredLeadId },
            { label: t('lead.stage'), value: (x) => stageBadge(x.stage) },
            { label: t('customer.amount'), value: (x) => f.amount(x.wonAmount), num: true },
            { label: t('customer.at'), value: (x) => f.date(x.capturedAt) },
          ],
          c.referralsMade,
        ),
      ),
    ),
    card(t('customer.timeline'), timeline(c.timeline)),
  );
};

export default {
  id: 'customer',
  right: 'readCustomers',
  titleKey: 'nav.customer',
  async render(ctx) {
    const p = Object.fromEntries(ctx.params);
    const id = (p.id ?? '').trim();
    const idInput = el('input', { type: 'text', name: 'customerId', value: id, placeholder: t('customer.id'), spellcheck: 'false', class: 'mono' });
    const open = el(
      'form',
      { class: 'filters', onSubmit: (e) => (e.preventDefault(), ctx.navigate({ q: p.q, id: idInput.value.trim() })) },
      field(t('customer.id'), idInput),
      el('button', { type: 'submit', class: 'button primary', text: t('customer.open') }),
    );
    const queryInput = el('input', { type: 'search', value: p.q ?? '', placeholder: t('customer.search') });
    const search = el(
      'form',
      { class: 'filters', onSubmit: (e) => (e.preventDefault(), ctx.navigate({ q: queryInput.value.trim() })) },
      field(t('customer.search'), queryInput),
      el('button', { type: 'submit', class: 'button', text: t('customer.searchButton') }),
    );
    const tools = el('div', { class: 'filters customer-tools' }, open, search, id ? el('button', { type: 'button', class: 'button ghost', text: t('customer.back'), onClick: () => ctx.navigate({ q: p.q }) }) : null);

    if (!id) {
      const picker = pagedList(ctx, {
        id: 'customers',
        columns: [
          { label: t('customer.name'), value: (c) => c.profile.name },
          { label: t('customer.kind'), value: (c) => term('customer.kind', c.profile.kind) },
          { label: t('customer.class'), value: (c) => term('class', c.customerClass) },
          { label: t('customer.owner'), value: (c) => `${c.ownerId} · ${c.teamId}` },
          { label: t('customer.source'), value: (c) => term('source', c.source) },
          { label: t('customer.registered'), value: (c) => f.date(c.registeredAt) },
          { label: t('customer.identity'), value: (c) => term('identity', c.identityState) },
          { label: t('customer.outstanding'), value: (c) => f.amount(c.receivables.outstanding), num: true },
        ],
        fetchPage: (cursor, limit) => ctx.get('/customers', { q: p.q || undefined, limit, cursor }),
        onRow: (c) => ctx.navigate({ q: p.q, id: c.customerId }),
      });
      return el('div', { class: 'stack' }, tools, el('p', { class: 'note', text: t('customer.prompt') }), card(t('customer.pick'), picker));
    }

    const file = el('div', { class: 'file' });
    void fill(ctx, file, async () => {
      try {
        return customerFile(ctx, await ctx.get(`/customers/${encodeURIComponent(id)}`, {}, { purpose: PURPOSE }));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return el('p', { class: 'notice notice-error', dataset: { missing: 'true' }, text: `${t('customer.notFound')} (${error.message})` });
        throw error;
      }
    });
    return el('div', { class: 'stack' }, tools, file);
  },
};

