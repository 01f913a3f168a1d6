// The dashboard shell: sign-in, navigation by the caller's rights (GET /me), one page at a time
// (#/<page>?<filters>), language switch. Pages only read report routes and paged lists.
import { ApiError, apiGet, onUnauthorized, session } from './api.js';
import { disposeCharts, drawChart } from './charts.js';
import { applyStatic, onLangChange, setLang, t, term } from './i18n.js';
import { chartBox, clear, el, failure, isAborted, isForbidden, loading, restricted } from './ui.js';
import funnel from './pages/funnel.js';
import forecast from './pages/forecast.js';
import sources from './pages/sources.js';
import service from './pages/service.js';
import activity from './pages/activity.js';
import customer from './pages/customer.js';
import projections from './pages/projections.js';

/** Each page names the right (rights.ts, as GET /me lists them) its main route needs. */
const PAGES = [funnel, forecast, sources, service, activity, customer, projections];

const $ = (selector) => document.querySelector(selector);
let me = null;
/** The page on screen: aborted and cleaned up when another one is shown. */
let current = null;

const showSignIn = (message = '') => {
  teardown();
  me = null;
  $('#app').hidden = true;
  $('#signin').hidden = false;
  const box = $('#signin-message');
  box.textContent = message;
  box.hidden = !message;
  $('#signin-credential').value = '';
  $('#signin-credential').focus();
};

const showApp = () => {
  $('#signin').hidden = true;
  $('#app').hidden = false;
  renderChrome();
  route();
};

const permitted = (page) => Boolean(me?.rights?.includes(page.right));

const renderChrome = () => {
  const nav = $('#nav');
  clear(
    nav,
    PAGES.filter(permitted).map((page) =>
      el('a', { href: `#/${page.id}`, class: 'nav-link', dataset: { page: page.id } }, el('span', { class: `nav-icon icon-${page.id}`, 'aria-hidden': 'true' }), el('span', { text: t(page.titleKey) })),
    ),
  );
  clear($('#whoami'), el('span', { class: 'whoami-id', text: me.id }), el('span', { class: 'badge badge-role', dataset: { role: me.role }, text: term('role', me.role) }));
};

const parseHash = () => {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { id: path, params: new URLSearchParams(query) };
};

const teardown = () => {
  if (!current) return;
  current.controller.abort();
  for (const cleanup of current.cleanups) cleanup();
  disposeCharts();
  current = null;
};

const route = async () => {
  if (!me) return;
  const { id, params } = parseHash();
  const page = PAGES.find((p) => p.id === id);
  if (!page) {
    const first = PAGES.find(permitted);
    if (first) {
      location.replace(`#/${first.id}`);
      return;
    }
  }
  teardown();
  const root = $('#page');
  for (const link of document.querySelectorAll('.nav-link')) link.classList.toggle('active', link.dataset.page === page?.id);
  if (!page) {
    $('#page-title').textContent = t('app.title');
    clear(root, el('div', { class: 'notice', dataset: { restricted: 'true' }, text: t('app.nothing', { role: term('role', me.role) }) }));
    return;
  }
  $('#page-title').textContent = t(page.titleKey);
  document.title = `${t(page.titleKey)} · ${t('app.title')}`;
  const controller = new AbortController();
  const pending = [];
  const ctx = {
    me,
    params,
    signal: controller.signal,
    cleanups: [],
    controller,
    /** GET from the API, aborted when the page is left. */
    get: (path, query, options = {}) => apiGet(path, query, { ...options, signal: controller.signal }),
    /** Changes the page's filters: a new address, so the view can be bookmarked and goes back with the browser. */
    navigate: (next) => {
      const query = new URLSearchParams(Object.entries(next).filter(([, value]) => value !== undefined && value !== null && value !== '')).toString();
      location.hash = `#/${page.id}${query ? `?${query}` : ''}`;
    },
    /** A chart container; drawn by drawCharts() once it is in the page. */
    chart: (id, option, { size, onClick } = {}) => {
      const box = chartBox(id, size);
      pending.push({ box, option, onClick });
      return box;
    },
    drawCharts: () => {
      for (const item of pending.splice(0)) {
        if (!item.box.isConnected) continue;
        const chart = drawChart(item.box, item.option);
        if (chart && item.onClick) chart.on('click', item.onClick);
      }
    },
    onCleanup: (fn) => ctx.cleanups.push(fn),
  };
  current = ctx;
  root.dataset.page = page.id;
  root.dataset.state = 'loading';
  clear(root, loading());
  try {
    const content = await page.render(ctx);
    if (controller.signal.aborted) return;
    clear(root, content);
    ctx.drawCharts();
    root.dataset.state = 'ready';
  } catch (error) {
    if (isAborted(error) || controller.signal.aborted) return;
    if (isForbidden(error)) {
      clear(root, restricted(me, error));
      root.dataset.state = 'forbidden';
    } else if (!(error instanceof ApiError && error.status === 401)) {
      clear(root, failure(error, route));
      root.dataset.state = 'error';
    }
  }
};

/** Who the credentials belong to; a refusal says why on the sign-in screen. */
const signIn = async (kind, token) => {
  try {
    me = await apiGet('/me', {}, { credentials: { kind, token } });
  } catch (error) {
    const detail = error instanceof ApiError ? error.message : String(error?.message ?? error);
    showSignIn(error instanceof ApiError ? t('signin.refused', { detail }) : t('signin.unreachable', { detail }));
    return;
  }
  session.set(kind, token);
  showApp();
};

const boot = async () => {
  applyStatic();
  onUnauthorized((error) => {
    session.clear();
    showSignIn(t('signin.expired', { detail: error.message }));
  });
  onLangChange(() => {
    if (!me) return;
    renderChrome();
    route();
  });
  for (const button of document.querySelectorAll('button.lang')) button.addEventListener('click', () => setLang(button.dataset.lang));
  $('#signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const token = String(form.get('credential') ?? '').trim();
    if (token) void signIn(String(form.get('kind')), token);
  });
  $('#signout').addEventListener('click', () => {
    session.clear();
    showSignIn(t('signin.signedOut'));
  });
  window.addEventListener('hashchange', () => void route());

  const saved = session.get();
  if (!saved) return showSignIn();
  try {
    me = await apiGet('/me', {}, { credentials: saved });
    showApp();
  } catch (error) {
    // A 401 has already shown the sign-in screen with its reason.
    if (!(error instanceof ApiError && error.status === 401)) showSignIn(t('signin.unreachable', { detail: error.message }));
  }
};

void boot();
