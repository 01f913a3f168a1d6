import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { runCliIn } from '../../apps/cli/src/testing/run-cli';
import { dashboardAssetsDir } from '../../apps/api/src/dashboard/dashboard';
import { listen } from '../support/sse-client';
import { personLead } from '../support/fixtures';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/test-app';

/**
 * The dashboard (/dashboard): its files served without credentials under the API's CSP, and, in
 * Debian's chromium driven by playwright-core, every page on a seeded demo history: charts drawn,
 * figures equal to the API's answer for the same query, Chinese labels, each role's restrictions,
 * sign-in and sign-out, and no console error or CSP violation. Screenshots go to test-output/dashboard;
 * UPDATE_SCREENSHOTS=1 also writes docs/dashboard-funnel.png.
 */

// Code that page.evaluate runs in the browser uses the browser's globals; the project compiles for Node
// without the DOM library, so they are declared here, loosely, for this file only.
declare const window: any, document: any, location: any, sessionStorage: any;
type Element = { readonly dataset: Record<string, string> };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM}: the dashboard browser tests need it (apt-get install chromium, or set CHROMIUM_PATH)`;
const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output/dashboard');
const DOCS_SHOT = join(ROOT, 'docs/dashboard-funnel.png');
const DEMO_LEADS = '300';

const SECRET = 'dashboard-test-jwt-secret-0123456789abcdef';
const JWT_ENV = { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'https://id.example.test/', AUTH_JWT_AUDIENCE: 'lead-to-customer' };
const jwt = (claims: Record<string, string>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setIssuer(JWT_ENV.AUTH_JWT_ISSUER).setAudience(JWT_ENV.AUTH_JWT_AUDIENCE).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));

describe('dashboard files: public, under the CSP, nothing else opened', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('serves the page, its modules and ECharts without credentials, with the security headers', async () => {
    const redirect = await t.anonymous.get('/dashboard');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/dashboard/');
    const index = await t.anonymous.get('/dashboard/').expect(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect(index.text).toContain('vendor/echarts.min.js');
    const echarts = await t.anonymous.get('/dashboard/vendor/echarts.min.js').expect(200);
    expect(echarts.headers['content-type']).toMatch(/javascript/);
    expect(Number(echarts.headers['content-length'])).toBeGreaterThan(500_000);
    const main = await t.anonymous.get('/dashboard/js/main.js').expect(200);
    expect(main.headers['content-type']).toMatch(/javascript/);
  });

  it('answers 404 for files that are not there and keeps every API route behind credentials', async () => {
    expect((await t.anonymous.get('/dashboard/js/missing.js')).status).toBe(404);
    expect((await t.anonymous.get('/dashboard/vendor/echarts.js')).status).toBe(404);
    expect((await t.anonymous.get('/dashboard/%2e%2e/%2e%2e/package.json')).status).not.toBe(200);
    expect((await t.anonymous.get('/dashboard/.hidden')).status).toBe(404);
    for (const path of ['/leads', '/reports/funnel', '/me', '/projections']) expect((await t.anonymous.get(path)).status).toBe(401);
  });

  it('has no inline script, inline handler or eval in its files (the CSP would block them)', () => {
    const dir = dashboardAssetsDir();
    const files = (sub: string): string[] => readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(sub, e.name)) : [join(sub, e.name)]));
    const all = files('.');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    for (const file of all.filter((f) => f.endsWith('.js'))) expect(`${file}: ${readFileSync(join(dir, file), 'utf8')}`).not.toMatch(/\beval\(|new Function\(|innerHTML\s*=/);
    expect(all.filter((f) => f.endsWith('.js')).length).toBeGreaterThanOrEqual(10);
  });

  it('GET /me tells the caller who they are and what their role may do', async () => {
    const rep = await t.as({ role: 'sales_rep', ownerId: 'rep-me', teamId: 'north' });
    const me = (await rep.get('/me').expect(200)).body;
    expect(me).toEqual({ id: 'rep-me', role: 'sales_rep', teamId: 'north', ownerId: 'rep-me', via: 'api-key', rights: expect.arrayContaining(['sell', 'readReports', 'readSelf']) });
    expect(me.rights).not.toContain('operate');
    const admin = (await t.http.get('/me').expect(200)).body;
    expect(admin).toMatchObject({ id: 'api-key:bootstrap', role: 'admin', teamId: null, ownerId: null });
    expect(admin.rights).toContain('operate');
  });
});

const browserFound = existsSync(CHROMIUM);
const browserRequired = process.env.PAGE_TESTS === 'required';
// eslint-disable-next-line no-console
if (!browserFound && !browserRequired) console.warn(`${CHROMIUM_MISSING}; the dashboard browser tests are skipped`);

(browserFound || browserRequired ? describe : describe.skip)('dashboard in a browser (demo history)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let assertions = 0;
  const started = Date.now();

  /** Every console error, page error and CSP violation of a page, by page. */
  const problems = new Map<Page, string[]>();

  const api = async (path: string, agent = t.http) => {
    const res = await agent.get(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const newPage = async (viewport = { width: 1360, height: 900 }): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'en-GB' });
    // Recorded in the page itself: a violation of the CSP is also an event the page can see.
    await context.addInitScript(() => {
      (window as { __csp: string[] }).__csp = [];
      document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) => (window as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const seen: string[] = [];
    problems.set(page, seen);
    page.on('console', (message) => message.type() === 'error' && seen.push(`console: ${message.text()}`));
    page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
    return page;
  };

  const errorsOf = async (page: Page): Promise<string[]> => [...(problems.get(page) ?? []), ...(await page.evaluate(() => (window as { __csp: string[] }).__csp)).map((v) => `CSP: ${v}`)];

  const signIn = async (page: Page, credential: string, kind: 'api-key' | 'jwt' = 'api-key') => {
    await page.goto(`${base}/dashboard/`);
    await page.check(`input[name=kind][value=${kind}]`);
    await page.fill('#signin-credential', credential);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#app:not([hidden])');
  };

  /** Goes to a page (#/<id>?<query>) and waits until it has loaded (ready, forbidden or error). */
  const open = async (page: Page, hash: string): Promise<string> => {
    const id = hash.split('?')[0];
    // The same address again is no navigation: then the page on screen is the one asked for.
    await page.evaluate((next) => {
      if (location.hash === `#/${next}`) return;
      (document.querySelector('#page') as Element).dataset.state = 'stale';
      location.hash = `#/${next}`;
    }, hash);
    await page.waitForSelector(`#page[data-page="${id}"]:is([data-state=ready],[data-state=forbidden],[data-state=error])`, { timeout: 30_000 });
    return (await page.getAttribute('#page', 'data-state'))!;
  };

  /** Every chart on the page has finished drawing and has ink on its canvas. */
  const expectChartsDrawn = async (page: Page, atLeast: number) => {
    await page.waitForFunction(() => ([...document.querySelectorAll('.chart')] as Element[]).every((c) => c.dataset.rendered === 'true'), undefined, { timeout: 15_000 });
    const inked = await page.evaluate(() =>
      ([...document.querySelectorAll('.chart')] as any[]).map((chart) => {
        const canvas = chart.querySelector('canvas');
        if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return painted;
      }),
    );
    assertions += 2;
    expect(inked.length).toBeGreaterThanOrEqual(atLeast);
    expect(inked.filter((painted) => painted < 500)).toEqual([]);
  };

  /** A KPI card's figure as shown (its text), read back as a number. */
  const kpi = async (page: Page, id: string): Promise<number> => {
    const text = (await page.textContent(`[data-kpi="${id}"] .kpi-value`))!;
    return Number(text.replace(/[^\d.-]/g, ''));
  };

  const rows = (page: Page, list: string) => page.locator(`[data-list="${list}"] tbody tr`).count();
  const listLoaded = (page: Page, list: string) => page.waitForSelector(`[data-list="${list}"] :is(table, .empty, [data-restricted])`);

  /** Every read model has applied the whole log. */
  const caughtUp = async () => {
    for (let tries = 0; ; tries++) {
      const status = (await api('/projections')) as { state: string; lagEvents: number; checkpoint: number }[];
      if (status.every((s) => s.state === 'live' && s.lagEvents === 0 && s.checkpoint > 0)) return;
      if (tries > 600) throw new Error(`read models did not catch up: ${JSON.stringify(status)}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  };

  /** Switches the page's language with its own switch and waits for the page to be drawn again. */
  const useLanguage = async (page: Page, language: 'en' | 'zh-CN') => {
    await page.click(`#app button.lang[data-lang="${language}"]`);
    await page.waitForSelector(`html[lang="${language}"] #page[data-state=ready]`);
  };

  /** The text of an element takes one line, however narrow its box: no line break inside it. */
  const staysOnOneLine = (page: Page, selector: string) =>
    page.evaluate((sel) => {
      const node = document.querySelector(sel);
      node.style.width = '1px';
      node.style.display = 'block';
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r: { width: number }) => r.width > 0);
      // Two lines give boxes one above the other: some box starts below where another ends.
      const lowestTop = Math.max(...rects.map((r: { top: number }) => r.top));
      const highestBottom = Math.min(...rects.map((r: { bottom: number }) => r.bottom));
      node.style.width = '';
      node.style.display = '';
      return rects.length > 0 && lowestTop < highestBottom;
    }, selector);

  /** Every chart of the page shows its message instead of axes. */
  const emptyCharts = (page: Page) =>
    page.evaluate(() => ([...document.querySelectorAll('.chart')] as any[]).map((c) => ({ empty: c.dataset.empty === 'true', canvas: c.querySelector('canvas') !== null, text: c.textContent.trim() })));

  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!browserFound) throw new Error(CHROMIUM_MISSING);
    mkdirSync(SHOTS, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'l2c-dashboard-'));
    // The demo history as `npm run seed-demo` writes it (its default 300 leads), from 1 January to now.
    const seeded = await runCliIn(dataDir, ['seed-demo', '--leads', DEMO_LEADS, '--seed', '42', '--from', '2026-01-01']);
    if (seeded.code !== 0) throw new Error(`seed-demo failed: ${seeded.stderr}`);
    t = await startTestApp({ dataDir, env: JWT_ENV });
    base = await listen(t.app);
    // Every read model has applied the seeded log before the pages read it.
    await caughtUp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
    // eslint-disable-next-line no-console
    console.log(`dashboard: pages=7 roles=5 assertions=${assertions} seconds=${Math.round((Date.now() - started) / 100) / 10}`);
  });

  it('signs in with an API key; every page draws its charts, shows the API’s figures, and logs no error', async () => {
    const page = await newPage();
    await signIn(page, TEST_ADMIN_KEY);
    expect(await page.locator('#nav .nav-link').count()).toBe(7);

    // Funnel: all leads, then one owner's.
    expect(await open(page, 'funnel')).toBe('ready');
    await expectChartsDrawn(page, 3);
    const funnel = await api('/reports/funnel');
    expect(await kpi(page, 'leads')).toBe(funnel.total.leads);
    expect(await kpi(page, 'won')).toBe(funnel.total.won);
    expect(await kpi(page, 'lost')).toBe(funnel.total.lost);
    expect(funnel.total.leads).toBe(Number(DEMO_LEADS));
    assertions += 4;
    await shot(page, 'funnel');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(dirname(DOCS_SHOT), { recursive: true });
      // The top of the page: filters, figures, the funnel and its conversion rates.
      await page.screenshot({ path: DOCS_SHOT, fullPage: true, clip: { x: 0, y: 0, width: 1360, height: 1000 } });
    }
    const byOwner = await api('/reports/funnel?groupBy=owner');
    const owner = byOwner.groups[0];
    expect(await open(page, `funnel?groupBy=owner&key=${encodeURIComponent(owner.key)}`)).toBe('ready');
    await expectChartsDrawn(page, 3);
    expect(await kpi(page, 'leads')).toBe(owner.leads);
    expect(await kpi(page, 'won')).toBe(owner.won);
    expect(await kpi(page, 'leads')).toBeLessThan(funnel.total.leads);
    const asOf = await api('/reports/funnel?asOf=2026-06-30T23:59:59.999Z');
    expect(await open(page, 'funnel?asOf=2026-06-30')).toBe('ready');
    expect(await kpi(page, 'leads')).toBe(asOf.total.leads);
    expect(asOf.total.leads).toBeLessThan(funnel.total.leads);
    assertions += 5;

    // Forecast: the total, then the leads behind one figure, 50 at a time from GET /leads.
    expect(await open(page, 'forecast')).toBe('ready');
    await expectChartsDrawn(page, 1);
    const forecast = await api('/reports/forecast?groupBy=owner');
    expect(await kpi(page, 'openLeads')).toBe(forecast.total.leads);
    const biggest = [...forecast.groups].sort((a, b) => b.stages[0].leads - a.stages[0].leads)[0];
    await page.click(`button.figure[data-group="${biggest.key}"][data-stage="D"]`);
    await listLoaded(page, 'forecast-leads');
    expect(await rows(page, 'forecast-leads')).toBe(Math.min(50, biggest.stages[0].leads));
    const listed = (await page.locator('[data-list="forecast-leads"] tbody tr td:nth-child(2)').allTextContents()).map((s) => s.trim());
    expect(new Set(listed)).toEqual(new Set([biggest.key]));
    assertions += 3;
    await shot(page, 'forecast');

    // Sources.
    expect(await open(page, 'sources')).toBe('ready');
    await expectChartsDrawn(page, 2);
    const sources = (await api('/reports/sources')).sources as { leads: number; won: number }[];
    expect(await kpi(page, 'leads')).toBe(sources.reduce((sum, s) => sum + s.leads, 0));
    expect(await kpi(page, 'won')).toBe(sources.reduce((sum, s) => sum + s.won, 0));
    expect(await page.locator('table tbody tr').count()).toBe(sources.length);
    assertions += 3;
    await shot(page, 'sources');

    // Complaints and satisfaction.
    expect(await open(page, 'service')).toBe('ready');
    await expectChartsDrawn(page, 5);
    const satisfaction = await api('/reports/satisfaction?groupBy=month');
    expect(await kpi(page, 'complaints')).toBe(satisfaction.total.complaints);
    expect(await kpi(page, 'missed')).toBe(satisfaction.total.deadlines.missed);
    expect(await kpi(page, 'nps')).toBe(Math.round(satisfaction.total.satisfaction.nps));
    await listLoaded(page, 'complaints');
    expect(await rows(page, 'complaints')).toBe(Math.min(50, satisfaction.total.complaints));
    assertions += 4;
    await shot(page, 'service');

    // Activity: the last 14 days (UTC), and the overdue work list.
    expect(await open(page, 'activity')).toBe('ready');
    await expectChartsDrawn(page, 2);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10);
    const activity = await api(`/reports/activity?from=${from}&to=${to}`);
    const sum = (field: (r: { total: number; counts: Record<string, number> }) => number) => activity.perRepDay.reduce((n: number, r: never) => n + field(r), 0);
    expect(await kpi(page, 'total')).toBe(sum((r) => r.total));
    expect(await kpi(page, 'calls')).toBe(sum((r) => r.counts.call));
    expect(await kpi(page, 'visits')).toBe(sum((r) => r.counts.visit));
    expect(await kpi(page, 'overdue')).toBe(activity.followUpsOverdue.length);
    await listLoaded(page, 'overdue');
    const overdue = await api('/leads?followUp=overdue&sort=nextFollowUpAt&limit=50');
    expect(await rows(page, 'overdue')).toBe(overdue.items.length);
    expect(overdue.items.length).toBeGreaterThan(0);
    assertions += 6;
    await shot(page, 'activity');

    // Customer file: the list, then one file with its five sections and timeline.
    expect(await open(page, 'customer')).toBe('ready');
    await listLoaded(page, 'customers');
    const customers = await api('/customers?limit=50');
    expect(await rows(page, 'customers')).toBe(customers.items.length);
    const withOrders = (customers.items as { customerId: string; trading: { orderCount: number } }[]).find((c) => c.trading.orderCount > 0) ?? customers.items[0];
    expect(await open(page, `customer?id=${withOrders.customerId}`)).toBe('ready');
    await page.waitForSelector(`[data-customer="${withOrders.customerId}"]`);
    await expectChartsDrawn(page, 1);
    const file = (await t.http.get(`/customers/${withOrders.customerId}`).expect(200)).body;
    expect(Number(await page.getAttribute('[data-kpi="outstanding"]', 'data-value'))).toBe(file.receivables.outstanding);
    expect(await page.locator('.timeline li').count()).toBe(file.timeline.length);
    expect(await page.locator('.card-title').allTextContents()).toEqual(expect.arrayContaining(['1 Basic data', '2 Contracts and orders', '3 Receivables and repayments', '4 Trading history', '5 Returns and discounts', 'Timeline']));
    // The file was read for the dashboard's stated purpose, which the access log keeps.
    const access = await api(`/audit/access?subjectId=${withOrders.customerId}`);
    expect((access.items as { purpose: string }[]).map((a) => a.purpose)).toContain('dashboard customer file');
    assertions += 5;
    await shot(page, 'customer');

    // Projections.
    expect(await open(page, 'projections')).toBe('ready');
    await expectChartsDrawn(page, 1);
    const projections = await api('/projections');
    expect(await page.locator('table tbody tr').count()).toBe(projections.length);
    expect(await kpi(page, 'head')).toBe(Math.max(...projections.map((p: { headPosition: number }) => p.headPosition)));
    assertions += 2;
    await shot(page, 'projections');

    expect(await errorsOf(page)).toEqual([]);
    assertions += 1;
    await page.context().close();
  }, 120_000);

  it('switches to Chinese and remembers it; the labels use the domain’s terms', async () => {
    const page = await newPage();
    await signIn(page, TEST_ADMIN_KEY);
    expect(await open(page, 'funnel')).toBe('ready');
    await page.click('#app button.lang[data-lang="zh-CN"]');
    await page.waitForFunction(() => document.querySelector('#page-title')?.textContent === '销售漏斗');
    await page.waitForSelector('#page[data-state=ready]');
    expect(await page.locator('#nav .nav-link').allTextContents()).toEqual(['销售漏斗', '销售预测', '线索来源', '投诉与满意度', '拜访与跟进', '客户档案', '读模型状态']);
    expect(await page.textContent('[data-kpi="leads"] .kpi-label')).toBe('线索');
    expect(await page.textContent('[data-kpi="won"] .kpi-label')).toBe('成交');
    expect(await page.textContent('[data-kpi="lost"] .kpi-label')).toBe('战败');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    assertions += 5;
    await expectChartsDrawn(page, 3);
    await shot(page, 'funnel-zh');

    // Remembered across a reload (and the session is still signed in).
    await page.reload();
    await page.waitForSelector('#page[data-page=funnel][data-state=ready]');
    expect(await page.textContent('#page-title')).toBe('销售漏斗');
    expect(await open(page, 'customer')).toBe('ready');
    expect(await page.textContent('#page-title')).toBe('客户档案');
    expect(await open(page, 'activity')).toBe('ready');
    expect(await page.locator('.card-title').allTextContents()).toEqual(expect.arrayContaining(['每位业务员每天的电话与拜访', '逾期跟进：工作清单']));
    await page.click('#app button.lang[data-lang="en"]');
    await page.waitForFunction(() => document.querySelector('#page-title')?.textContent === 'Activity & follow-up');
    assertions += 4;
    expect(await errorsOf(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a role with fewer rights sees only its pages, and “not permitted” where the API refuses', async () => {
    const onlyRefusals = async (page: Page) => (await errorsOf(page)).filter((e) => !/status of 403/.test(e));

    // A service agent: complaints and customer files, no sales reports.
    const agentKey = (await t.http.post('/api-keys').send({ role: 'service_agent', ownerId: 'service-wu', label: 'dashboard agent' }).expect(201)).body.key;
    const agent = await newPage();
    await signIn(agent, agentKey);
    await agent.waitForSelector('#page[data-page=service][data-state=ready]');
    expect(await agent.locator('#nav .nav-link').evaluateAll((links) => links.map((l) => (l as unknown as Element).dataset.page))).toEqual(['service', 'customer']);
    expect(await open(agent, 'funnel')).toBe('forbidden');
    expect(await agent.textContent('#page [data-restricted]')).toContain('Not permitted for your role (Service agent)');
    await shot(agent, 'restricted-service-agent');
    expect(await open(agent, 'service')).toBe('ready');
    await listLoaded(agent, 'complaints');
    expect(await agent.locator('[data-list="complaints"] [data-restricted]').count()).toBe(0);
    expect(await onlyRefusals(agent)).toEqual([]);
    assertions += 6;
    await agent.context().close();

    // A sales manager reads the satisfaction report but not the complaints themselves.
    const managerKey = (await t.http.post('/api-keys').send({ role: 'sales_manager', ownerId: 'mgr-east', teamId: 'team-east', label: 'dashboard manager' }).expect(201)).body.key;
    const manager = await newPage();
    await signIn(manager, managerKey);
    expect(await manager.locator('#nav .nav-link').evaluateAll((links) => links.map((l) => (l as unknown as Element).dataset.page))).toEqual(['funnel', 'forecast', 'sources', 'service', 'activity', 'customer']);
    expect(await open(manager, 'service')).toBe('ready');
    await listLoaded(manager, 'complaints');
    expect(await manager.textContent('[data-list="complaints"] [data-restricted]')).toContain('Not permitted for your role (Sales manager)');
    expect(await open(manager, 'projections')).toBe('forbidden');
    // The team's funnel, not the company's.
    expect(await open(manager, 'funnel')).toBe('ready');
    const teamFunnel = (await t.http.get('/reports/funnel?groupBy=team').expect(200)).body.groups.find((g: { key: string }) => g.key === 'team-east');
    expect(await kpi(manager, 'leads')).toBe(teamFunnel?.leads ?? 0);
    expect(await onlyRefusals(manager)).toEqual([]);
    assertions += 6;
    await manager.context().close();

    // An analyst reads the forecast but may not list leads: the figure's leads say so.
    const analystKey = (await t.http.post('/api-keys').send({ role: 'analyst', ownerId: 'analyst-1', label: 'dashboard analyst' }).expect(201)).body.key;
    const analyst = await newPage();
    await signIn(analyst, analystKey);
    expect(await open(analyst, 'forecast')).toBe('ready');
    await analyst.locator('button.figure').first().click();
    await listLoaded(analyst, 'forecast-leads');
    expect(await analyst.textContent('[data-list="forecast-leads"] [data-restricted]')).toContain('Not permitted for your role (Analyst)');
    expect(await analyst.locator('#nav .nav-link[data-page=customer]').count()).toBe(0);
    expect(await onlyRefusals(analyst)).toEqual([]);
    assertions += 3;
    await analyst.context().close();

    // An auditor has no dashboard page at all.
    const auditorKey = (await t.http.post('/api-keys').send({ role: 'auditor', ownerId: 'auditor-1', label: 'dashboard auditor' }).expect(201)).body.key;
    const auditor = await newPage();
    await signIn(auditor, auditorKey);
    await auditor.waitForSelector('#page [data-restricted]');
    expect(await auditor.locator('#nav .nav-link').count()).toBe(0);
    expect(await auditor.textContent('#page')).toContain('Auditor');
    assertions += 2;
    await auditor.context().close();
  }, 90_000);

  it('a sales rep signed in with a bearer token sees only their own figures', async () => {
    const funnel = (await t.http.get('/reports/funnel?groupBy=owner').expect(200)).body;
    const rep = funnel.groups[funnel.groups.length - 1] as { key: string; leads: number };
    const token = await jwt({ sub: rep.key, role: 'sales_rep' });
    const page = await newPage();
    await signIn(page, token, 'jwt');
    expect(await page.textContent('#whoami')).toContain(rep.key);
    expect(await open(page, 'funnel')).toBe('ready');
    expect(await kpi(page, 'leads')).toBe(rep.leads);
    expect(await kpi(page, 'leads')).toBe((await api('/reports/funnel', request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${token}`))).total.leads);
    expect(await page.locator('#nav .nav-link[data-page=projections]').count()).toBe(0);
    expect(await errorsOf(page)).toEqual([]);
    assertions += 5;
    await page.context().close();
  }, 60_000);

  it('a refused or revoked credential returns to the sign-in screen with the reason; sign-out forgets the credential', async () => {
    const page = await newPage();
    await page.goto(`${base}/dashboard/`);
    await page.fill('#signin-credential', 'l2c_nobody_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#signin-message:not([hidden])');
    expect(await page.textContent('#signin-message')).toContain('The API did not accept these credentials');
    expect(await page.isHidden('#app')).toBe(true);

    const issued = (await t.http.post('/api-keys').send({ role: 'sales_rep', ownerId: 'rep-gone', teamId: 'team-east', label: 'dashboard revoked' }).expect(201)).body;
    await signIn(page, issued.key);
    expect(await open(page, 'funnel')).toBe('ready');
    await t.http.delete(`/api-keys/${issued.key.split('_')[1]}`).expect((res) => expect(res.status).toBeLessThan(300));
    await page.evaluate(() => (location.hash = '#/sources'));
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.textContent('#signin-message')).toContain('You were signed out');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await shot(page, 'signed-out');

    await signIn(page, TEST_ADMIN_KEY);
    await page.click('#signout');
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload();
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.isHidden('#app')).toBe(true);
    const unexpected = (await errorsOf(page)).filter((e) => !/status of 401/.test(e));
    expect(unexpected).toEqual([]);
    assertions += 7;
    await page.context().close();
  }, 60_000);

  it('lays out on a phone-sized screen', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, TEST_ADMIN_KEY);
    expect(await open(page, 'funnel')).toBe('ready');
    await expectChartsDrawn(page, 3);
    // Nothing wider than the screen but what scrolls on purpose (the nav and tables).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    assertions += 1;
    await shot(page, 'funnel-phone');
    expect(await errorsOf(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('in English and in Chinese: the timeline worded in the page, one number format, units that hold together, labelled scales and reference dates', async () => {
    const page = await newPage();
    await signIn(page, TEST_ADMIN_KEY);
    expect(await open(page, 'funnel')).toBe('ready');
    const listed = (await api('/customers?limit=50')).items as { customerId: string; payments: unknown[]; trading: { orderCount: number } }[];
    const busiest = [...listed].sort((a, b) => b.payments.length - a.payments.length || b.trading.orderCount - a.trading.orderCount)[0];
    const file = await api(`/customers/${busiest.customerId}`);
    const forecast = await api('/reports/forecast?groupBy=owner');
    const head = Math.max(...((await api('/projections')) as { headPosition: number }[]).map((p) => p.headPosition));
    const today = new Date().toISOString().slice(0, 10);
    // Values the API gives (ids, titles, ratings): whatever remains of a line is the page's wording.
    const wordingOf = (line: string, entry: Record<string, unknown>) =>
      Object.entries(entry)
        .filter(([name, value]) => typeof value === 'string' && !['at', 'type', 'summary', 'kind', 'method', 'from', 'to', 'reverifyBy'].includes(name))
        .reduce((rest, [, value]) => rest.split(value as string).join(' '), line);

    for (const language of ['en', 'zh-CN'] as const) {
      await useLanguage(page, language);
      const zh = language === 'zh-CN';

      // 1. The customer timeline, worded in the page from the API's entries.
      expect(await open(page, `customer?id=${busiest.customerId}`)).toBe('ready');
      await page.waitForSelector(`[data-customer="${busiest.customerId}"]`);
      const lines = await page.locator('.timeline .timeline-summary').allTextContents();
      const entries = [...file.timeline].reverse() as Record<string, unknown>[];
      expect(lines).toHaveLength(entries.length);
      expect(entries.length).toBeGreaterThanOrEqual(3);
      for (const [i, entry] of entries.entries()) {
        const wording = wordingOf(lines[i], entry);
        if (zh) expect({ line: lines[i], latin: wording.match(/[A-Za-z]{2,}/g) }).toEqual({ line: lines[i], latin: null });
        else expect({ line: lines[i], cjk: /[\u4e00-\u9fff]/.test(wording) }).toEqual({ line: lines[i], cjk: false });
      }
      const order = entries.findIndex((e) => e.kind === 'order_placed');
      const orderEntry = entries[order] as { orderId: string; amount: number };
      const amount = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(orderEntry.amount);
      expect(lines[order]).toBe(zh ? `下单 ${orderEntry.orderId}：金额 ${amount}` : `Order ${orderEntry.orderId} placed: ${amount}`);
      assertions += 3 + entries.length;
      await shot(page, zh ? 'customer-zh' : 'customer-en');

      // 2. Numbers: counts with thousands separators; large amounts shortened, in 万 in Chinese.
      expect(await open(page, 'forecast')).toBe('ready');
      expect(forecast.total.amount).toBeGreaterThanOrEqual(10_000);
      expect(await page.textContent('[data-kpi="amount"] .kpi-value')).toMatch(zh ? /^\d{1,3}(,\d{3})*(\.\d)?(万|亿)$/ : /^\d{1,3}(,\d{3})*(\.\d)?[KMB]$/);
      expect(await open(page, 'projections')).toBe('ready');
      // (The log grows as files are read: the access log records each look.)
      const shownHead = Number(await page.getAttribute('[data-kpi="head"]', 'data-value'));
      expect(shownHead).toBeGreaterThanOrEqual(head);
      expect(await page.textContent('[data-kpi="head"] .kpi-value')).toBe(new Intl.NumberFormat('en-GB').format(shownHead));
      assertions += 4;

      // 7. The projections chart: each legend entry has the colour of its bars.
      await expectChartsDrawn(page, 1);
      const legend = await page.evaluate(() => {
        const chart = window.echarts.getInstanceByDom(document.querySelector('[data-chart="lag"]'));
        const option = chart.getOption();
        return {
          legend: option.legend[0].data.map((d: string | { name: string }) => (typeof d === 'string' ? d : d.name)),
          series: option.series.map((series: { name: string; data: unknown[] }, seriesIndex: number) => ({
            name: series.name,
            legendColour: chart.getVisual({ seriesIndex }, 'color'),
            barColours: [...new Set(series.data.map((v, dataIndex) => (v === null || v === undefined ? null : chart.getVisual({ seriesIndex, dataIndex }, 'color'))).filter(Boolean))],
          })),
        };
      });
      expect(legend.legend).toEqual(legend.series.map((s: { name: string }) => s.name));
      for (const series of legend.series) expect(series.barColours).toEqual([series.legendColour]);
      assertions += 1 + legend.series.length;

      // 3. A figure and its unit stay on one line (62.7 小时, not 62.7 小 / 时), however narrow the card.
      expect(await open(page, 'service')).toBe('ready');
      expect(await page.textContent('[data-kpi="resolveMedian"] .kpi-value')).toMatch(zh ? /^[\d.,]+\s小时$/ : /^[\d.,]+\sh$/);
      expect(await staysOnOneLine(page, '[data-kpi="resolveMedian"] .kpi-value')).toBe(true);
      assertions += 2;
      await shot(page, zh ? 'service-zh' : 'service-en');

      // 8. The heatmap's colours say what they count, with the unit; 5. plurals in English.
      expect(await open(page, 'activity?idleDays=1')).toBe('ready');
      await expectChartsDrawn(page, 2);
      expect(await page.textContent('[data-scale="heatmap"]')).toMatch(zh ? /^颜色：.*电话 \+ 拜访次数.*\d+ 次）$/ : /^Colour: calls \+ visits .*in activities.*dark \d+\)$/);
      const scaleEnds = await page.evaluate(() => window.echarts.getInstanceByDom(document.querySelector('[data-chart="heatmap"]')).getOption().visualMap[0].text);
      expect(scaleEnds[0]).toMatch(zh ? /^\d+ 次$/ : /^\d+ activit(y|ies)$/);
      expect(await page.locator('.card-title').allTextContents()).toContain(zh ? '超过 1 天无人跟进的线索' : 'Leads nobody touched for more than 1 day');
      assertions += 4;
      await shot(page, zh ? 'activity-zh' : 'activity-en');

      // 9. Mean days in stage say up to which day running stays count: today, or the As-of day.
      expect(await open(page, 'funnel')).toBe('ready');
      expect(await page.getAttribute('[data-until]', 'data-until')).toBe(today);
      expect(await page.textContent('[data-until]')).toContain(zh ? '今天' : 'up to today');
      expect(await open(page, 'funnel?asOf=2026-06-30')).toBe('ready');
      expect(await page.getAttribute('[data-until]', 'data-until')).toBe('2026-06-30');
      expect(await page.textContent('[data-until]')).toMatch(zh ? /截至日期 2026年6月30日/ : /end of 30 Jun 2026 \(UTC\), the “As of” day/);
      assertions += 4;

      // 4. A selection without data: each chart says there is nothing to show, no bare axes.
      expect(await open(page, 'funnel?from=2020-01-01&to=2020-01-31')).toBe('ready');
      expect(await kpi(page, 'leads')).toBe(0);
      const charts = await emptyCharts(page);
      expect(charts.length).toBeGreaterThanOrEqual(3);
      for (const chart of charts) expect(chart).toEqual({ empty: true, canvas: false, text: zh ? '暂无数据：当前条件下此图表没有可显示的内容。' : 'Nothing to show: this selection has no data for this chart.' });
      assertions += 2 + charts.length;
      await shot(page, zh ? 'funnel-empty-zh' : 'funnel-empty-en');
    }
    expect(await errorsOf(page)).toEqual([]);
    assertions += 1;
    await page.context().close();
  }, 120_000);

  // Last: it adds leads to the demo history.
  it('in English and in Chinese: the forecast chart says how many owners it leaves out, and a single lead is “1 lead”', async () => {
    // More owners than the chart shows, each with one open lead (the demo history has fewer).
    for (let i = 1; i <= 12; i++) await t.http.post('/leads').send(personLead({ ownerId: `rep-extra-${String(i).padStart(2, '0')}`, teamId: 'team-east', expectedAmount: 1_000 + i })).expect(201);
    await caughtUp();
    const forecast = await api('/reports/forecast?groupBy=owner');
    const left = forecast.groups.length - 15;
    expect(left).toBeGreaterThan(1);
    const page = await newPage();
    await signIn(page, TEST_ADMIN_KEY);
    for (const language of ['en', 'zh-CN'] as const) {
      expect(await open(page, 'forecast')).toBe('ready');
      await useLanguage(page, language);
      const zh = language === 'zh-CN';
      await expectChartsDrawn(page, 1);
      expect(await page.getAttribute('[data-cut]', 'data-cut')).toBe(String(left));
      expect(await page.textContent('[data-cut]')).toBe(
        zh ? `图中仅显示预测额最高的 15 个负责人，其余 ${left} 个见下表。` : `The chart shows the 15 owners with the largest forecast; ${left} more are in the table below.`,
      );
      // The chart has 15 bars; the table every owner.
      const bars = await page.evaluate(() => window.echarts.getInstanceByDom(document.querySelector('[data-chart="forecast"]')).getOption().yAxis[0].data.length);
      expect(bars).toBe(15);
      expect(await page.locator('table tbody tr').count()).toBe(forecast.groups.length + 1);
      // One lead is singular in English; Chinese has no plural.
      const single = `button.figure[data-group="rep-extra-01"][data-stage="D"] .figure-sub`;
      expect((await page.textContent(single))!.replace(/\u2060/g, '')).toBe(zh ? '1\u00a0条线索' : '1\u00a0lead');
      expect(await staysOnOneLine(page, single)).toBe(true);
      const several = (await page.locator('button.figure .figure-sub').allTextContents()).find((text) => !text.startsWith('1\u00a0'))!;
      expect(several.replace(/\u2060/g, '')).toMatch(zh ? /^[\d,]+\u00a0条线索$/ : /^[\d,]+\u00a0leads$/);
      assertions += 7;
      await shot(page, zh ? 'forecast-cut-zh' : 'forecast-cut-en');
    }
    expect(await errorsOf(page)).toEqual([]);
    assertions += 2;
    await page.context().close();
  }, 90_000);
});
