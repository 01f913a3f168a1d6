// Small DOM helpers: elements, KPI cards, cards, tables, filters, paged lists and the notices shown
// when the API refuses (403) or fails. Event handlers are attached with addEventListener only: the
// Content Security Policy allows no inline handler.
import { ApiError } from './api.js';
import { t, term } from './i18n.js';

/** el('div', { class, text, dataset, onClick, ...attributes }, ...children) */
export const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = String(value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'value') node.value = value;
    else if (name === 'checked') node.checked = Boolean(value);
    else if (/^on[A-Z]/.test(name)) node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
};

const append = (node, children) => {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
};

export const clear = (node, ...children) => {
  node.replaceChildren();
  append(node, children);
  return node;
};

/**
 * A KPI card: the figure as text (data-kpi names it, data-value holds the raw number for checks). A
 * unit follows the figure in smaller type, on the same line as the figure whatever the card's width.
 */
export const kpi = ({ id, label, value, display, unit, hint, tone }) =>
  el(
    'div',
    { class: `kpi${tone ? ` kpi-${tone}` : ''}`, dataset: { kpi: id, value: value ?? '' } },
    el('div', { class: 'kpi-label', text: label }),
    el(
      'div',
      { class: 'kpi-value' },
      unit && value !== null && value !== undefined
        ? el('span', { class: 'kpi-figure' }, display ?? value, '\u00a0', el('span', { class: 'kpi-unit', text: unit }))
        : String(display ?? value ?? '–'),
    ),
    hint ? el('div', { class: 'kpi-hint', text: hint }) : null,
  );

export const kpis = (...cards) => el('div', { class: 'kpis' }, cards);

export const card = (title, ...body) => el('section', { class: 'card' }, title ? el('h2', { class: 'card-title', text: title }) : null, body);

export const grid = (...cards) => el('div', { class: 'grid' }, cards);

/** A container for one chart; charts.js draws into it once it is in the page. */
export const chartBox = (id, size = '') => el('div', { class: `chart${size ? ` chart-${size}` : ''}`, dataset: { chart: id } });

/**
 * A table: columns are { label, value(row) → text | Node, num?: true }. `onRow` makes rows
 * clickable (and keyboard-reachable).
 */
export const table = (columns, rows, { onRow, empty = t('app.empty'), caption } = {}) => {
  if (!rows.length) return el('p', { class: 'empty', text: empty });
  const head = el('tr', {}, columns.map((c) => el('th', { class: c.num ? 'num' : undefined, scope: 'col', text: c.label })));
  const body = rows.map((row) =>
    el(
      'tr',
      onRow ? { class: 'clickable', tabindex: '0', onClick: () => onRow(row), onKeydown: (e) => e.key === 'Enter' && onRow(row) } : {},
      columns.map((c) => {
        const value = c.value(row);
        return el('td', { class: c.num ? 'num' : undefined }, value instanceof Node ? value : value === null || value === undefined ? '–' : String(value));
      }),
    ),
  );
  return el('div', { class: 'table-wrap' }, el('table', {}, caption ? el('caption', { text: caption }) : null, el('thead', {}, head), el('tbody', {}, body)));
};

export const badge = (text, tone = '') => el('span', { class: `badge${tone ? ` badge-${tone}` : ''}`, text });

export const stageBadge = (stage) => el('span', { class: `badge stage stage-${stage}`, text: term('stage', stage) });

/** A labelled filter field. */
export const field = (label, input) => el('label', { class: 'field' }, el('span', { text: label }), input);

export const select = (options, value, onChange) =>
  el(
    'select',
    { onChange: (e) => onChange(e.target.value) },
    options.map(([optionValue, label]) => el('option', { value: optionValue, selected: optionValue === (value ?? '') ? true : undefined, text: label })),
  );

export const dateInput = (value, onChange, { min, max } = {}) => el('input', { type: 'date', value: value ?? '', min, max, onChange: (e) => onChange(e.target.value) });

export const filters = (...fields) => el('div', { class: 'filters' }, fields);

/** The capture period every report page filters by: from and to (inclusive), each bounding the other. */
export const periodFields = (from, to, go) => [
  field(t('filter.from'), dateInput(from, (value) => go({ from: value }), { max: to })),
  field(t('filter.to'), dateInput(to, (value) => go({ to: value }), { min: from })),
];

export const button = (label, onClick, tone = '') => el('button', { type: 'button', class: `button${tone ? ` ${tone}` : ''}`, text: label, onClick });

/** What a 403 looks like on a page or in one of its sections. */
export const restricted = (me, error) =>
  el(
    'div',
    { class: 'notice notice-restricted', role: 'status', dataset: { restricted: 'true' } },
    el('strong', { text: t('app.forbidden', { role: term('role', me?.role) }) }),
    error?.message ? el('div', { class: 'muted', text: t('app.forbiddenDetail', { detail: error.message }) }) : null,
  );

export const failure = (error, retry) =>
  el(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    el('strong', { text: t('app.error', { detail: error?.message ?? String(error) }) }),
    retry ? button(t('app.retry'), retry, 'ghost') : null,
  );

export const loading = () => el('div', { class: 'loading', text: t('app.loading') });

export const isForbidden = (error) => error instanceof ApiError && error.status === 403;
export const isAborted = (error) => error?.name === 'AbortError';

/**
 * Fills `container` with what `load()` builds; a 403 shows the restriction in place (the rest of
 * the page stays), another failure an error with a retry. 401 is handled globally (sign-in).
 */
export const fill = async (ctx, container, load) => {
  clear(container, loading());
  try {
    const content = await load();
    if (ctx.signal.aborted) return;
    clear(container, content);
    ctx.drawCharts();
  } catch (error) {
    if (isAborted(error) || ctx.signal.aborted) return;
    if (isForbidden(error)) clear(container, restricted(ctx.me, error));
    else if (!(error instanceof ApiError && error.status === 401)) clear(container, failure(error, () => fill(ctx, container, load)));
  }
};

/**
 * A list read page by page from a paged route (`{ items, nextCursor }`), 50 at a time: never the
 * whole collection. `fetchPage(cursor)` asks for one page.
 */
export const pagedList = (ctx, { columns, fetchPage, pageSize = 50, onRow, id }) => {
  const wrap = el('div', { class: 'paged', dataset: { list: id } });
  const rows = [];
  const render = (nextCursor) => {
    const more = nextCursor ? button(t('app.more', { n: pageSize }), () => load(nextCursor), 'ghost') : null;
    clear(wrap, table(columns, rows, { onRow }), el('div', { class: 'paged-foot' }, el('span', { class: 'muted', dataset: { shown: rows.length }, text: t('app.shown', { shown: rows.length }) }), more));
  };
  const load = async (cursor) => {
    try {
      const page = await fetchPage(cursor, pageSize);
      if (ctx.signal.aborted) return;
      rows.push(...page.items);
      render(page.nextCursor);
    } catch (error) {
      if (isAborted(error) || ctx.signal.aborted) return;
      if (isForbidden(error)) clear(wrap, restricted(ctx.me, error));
      else if (!(error instanceof ApiError && error.status === 401)) clear(wrap, failure(error, () => load(cursor)));
    }
  };
  clear(wrap, loading());
  void load(undefined);
  return wrap;
};

/** Rows already in hand, shown 50 at a time (lists a report returns whole). */
export const shownInSteps = (columns, rows, { step = 50, onRow } = {}) => {
  const wrap = el('div', { class: 'paged' });
  let shown = Math.min(step, rows.length);
  const render = () => {
    const more = shown < rows.length ? button(t('app.more', { n: Math.min(step, rows.length - shown) }), () => ((shown = Math.min(rows.length, shown + step)), render()), 'ghost') : null;
    clear(wrap, table(columns, rows.slice(0, shown), { onRow }), rows.length ? el('div', { class: 'paged-foot' }, el('span', { class: 'muted', text: `${shown} / ${rows.length}` }), more) : null);
  };
  render();
  return wrap;
};

/** Key–value pairs (the customer file's facts). */
export const facts = (pairs) =>
  el(
    'dl',
    { class: 'facts' },
    pairs.filter(([, value]) => value !== undefined).map(([label, value]) => [el('dt', { text: label }), el('dd', {}, value instanceof Node ? value : value === null || value === '' ? '–' : String(value))]),
  );
