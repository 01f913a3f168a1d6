import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { forecastReportOf, funnelReportOf, leadsPage, LeadsPageQuery, LeadScope, PipelineDoc, pipelineProjection } from '@app/read-models';
import { SQLITE_READ_MODELS_FILE } from '@app/read-store';
import { BenchContext } from '../lib/context';
import { Figure } from '../lib/figure';
import { historyDataDir } from '../lib/history';
import { openReadSide, pipelineDataDir } from '../lib/read-models';
import { fmt, fmtCount, median, nowMs, percentile } from '../lib/stats';

/** Every lead, as the analysts who read these reports see them. */
const ANALYST: LeadScope = undefined;
const nowIso = () => new Date().toISOString();

/** Latencies (ms) of `count` calls of `query`, after `warmup` unmeasured ones; calls cycle through `variants`. */
const latencies = async <P>(variants: readonly P[], count: number, warmup: number, query: (params: P) => Promise<unknown> | unknown): Promise<number[]> => {
  const out: number[] = [];
  for (let i = -warmup; i < count; i++) {
    const params = variants[((i % variants.length) + variants.length) % variants.length];
    const start = nowMs();
    await query(params);
    if (i >= 0) out.push(nowMs() - start);
  }
  return out;
};

const GROUPINGS = [undefined, 'owner', 'team', 'source', 'product', 'month'] as const;

export const reportFigures = async (ctx: BenchContext): Promise<Figure[]> => [...(await funnelForecastFigure(ctx)), ...(await pipelinePageFigure(ctx))];

/** GET /reports/funnel + GET /reports/forecast as their query handlers answer them (the same read-model functions), at the large log. */
const funnelForecastFigure = async (ctx: BenchContext): Promise<Figure[]> => {
  const { dataDir, info } = await historyDataDir(ctx, ctx.sizes.largeLog);
  if (!ctx.mongodbUrl && !existsSync(join(dataDir, SQLITE_READ_MODELS_FILE))) ctx.log('reports: building the read models of the large log (bench:rebuild keeps them for later runs)');
  const side = await openReadSide(ctx, dataDir);
  try {
    const docs = await side.readModels.all(pipelineProjection);
    const count = ctx.quick ? 30 : 60;
    ctx.log(`reports: funnel + forecast over ${fmtCount(docs.length)} leads (${fmtCount(info.events)} events), ${count} queries, ${count / 2} of the baseline`);
    const variants = GROUPINGS.map((groupBy) => groupBy);
    const pair = async (groupBy: (typeof GROUPINGS)[number]) => {
      await funnelReportOf(side.readModels, ANALYST, { groupBy, now: nowIso() });
      await forecastReportOf(side.readModels, ANALYST, { groupBy, now: nowIso() });
    };
    // The first reports after the read model is loaded build its aggregates (each grouping on its first use): shown apart, not in the p99.
    const firstStarted = nowMs();
    for (const groupBy of variants) await pair(groupBy);
    const firsts = nowMs() - firstStarted;
    const ours = await latencies(variants, count, 5, pair);
    // The loop in memory takes 0.1–0.4 s a call and only gives the ratio (the target is absolute): half as many calls.
    const base = await latencies(variants, count / 2, 5, (groupBy) => handWrittenFunnelForecast(docs, groupBy, nowIso()));
    const p99 = percentile(ours, 99);
    const baseP99 = percentile(base, 99);
    return [
      {
        figure: `funnel + forecast query, ${fmtCount(info.events)} events (${fmtCount(docs.length)} leads)`,
        ours: `p99 ${fmt(p99, 1)} ms`,
        baseline: `p99 ${fmt(baseP99, 1)} ms (one loop in memory)`,
        ratio: `${fmt(p99 / baseP99, p99 < baseP99 ? 2 : 1)}×`,
        target: 'p99 ≤ 20 ms',
        met: p99 <= 20,
        notes: [
          `funnelReportOf and forecastReportOf (what GET /reports/funnel and /reports/forecast answer with), groupBy cycling none/owner/team/source/product/month; medians ${fmt(median(ours), 1)} ms vs ${fmt(median(base), 1)} ms`,
          `the first pair of each grouping after loading (building the aggregates): ${fmt(firsts, 0)} ms for all six`,
        ],
      },
    ];
  } finally {
    await side.close();
  }
};

/** The figures a funnel and a forecast show, computed in one pass over the documents (the baseline). */
const handWrittenFunnelForecast = (docs: readonly PipelineDoc[], groupBy: (typeof GROUPINGS)[number], now: string) => {
  const rank: Record<string, number> = { D: 0, C: 1, B: 2, A: 3, won: 4 };
  const groups = new Map<string, { stages: Record<string, number>; reached: number[]; won: number; lost: number; winDays: number; loseDays: number; open: number[][] }>();
  const reachedAll = [0, 0, 0, 0, 0];
  const closedAfter = [0, 0, 0, 0];
  const wonAfter = [0, 0, 0, 0];
  const nowTime = Date.parse(now);
  for (const doc of docs) {
    const keys = groupBy === undefined ? ['all'] : groupBy === 'product' ? doc.productInterest : [groupBy === 'owner' ? doc.ownerId : groupBy === 'team' ? doc.teamId : groupBy === 'source' ? doc.source : doc.captureMonth];
    let furthest = 0;
    for (const entry of doc.stageHistory) if (entry.stage !== 'lost') furthest = Math.max(furthest, rank[entry.stage]);
    const closed = doc.stage === 'won' || doc.stage === 'lost';
    for (let r = 0; r <= furthest; r++) reachedAll[r]++;
    if (closed) for (let r = 0; r <= Math.min(furthest, 3); r++) (closedAfter[r]++, doc.stage === 'won' && wonAfter[r]++);
    for (const key of keys) {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { stages: {}, reached: [0, 0, 0, 0, 0], won: 0, lost: 0, winDays: 0, loseDays: 0, open: [[], [], [], []] }));
      group.stages[doc.stage] = (group.stages[doc.stage] ?? 0) + 1;
      for (let r = 0; r <= furthest; r++) group.reached[r]++;
      const days = closed ? (Date.parse(doc.closedAt!) - Date.parse(doc.capturedAt)) / 86_400_000 : (nowTime - Date.parse(doc.stageEnteredAt)) / 86_400_000;
      if (doc.stage === 'won') (group.won++, (group.winDays += days));
      else if (doc.stage === 'lost') (group.lost++, (group.loseDays += days));
      else group.open[rank[doc.stage]].push(doc.expectedAmount ?? 0);
    }
  }
  const rates = closedAfter.map((closed, r) => (closed === 0 ? null : wonAfter[r] / closed));
  return [...groups].map(([key, g]) => ({ key, ...g, forecast: g.open.map((amounts, r) => amounts.reduce((sum, a) => sum + a * (rates[r] ?? 0), 0)), reachedAll }));
};

/** GET /leads with filter + sort (leadsPage, which its query handler calls), at `pipelineLeads` leads, against the same page cut from the documents in memory. */
const pipelinePageFigure = async (ctx: BenchContext): Promise<Figure[]> => {
  const dataDir = await pipelineDataDir(ctx, ctx.sizes.pipelineLeads);
  const side = await openReadSide(ctx, dataDir, [pipelineProjection], { embeddedLog: true });
  try {
    const docs = await side.readModels.all(pipelineProjection);
    const owner = docs[0].ownerId;
    const team = docs[docs.length - 1].teamId;
    const product = docs[0].productInterest[0] ?? 'none';
    const pages: LeadsPageQuery[] = [
      { stage: 'C', sort: '-capturedAt' },
      { ownerId: owner, sort: '-expectedAmount' },
      { followUp: 'overdue', sort: 'nextFollowUpAt' },
      { source: 'referral', sort: '-stageEnteredAt' },
      { teamId: team, stage: 'B', sort: 'stageEnteredAt' },
      { manClass: 'M+A+N', product, sort: '-capturedAt' },
      { stage: 'D', sort: 'nextFollowUpAt' },
    ];
    const count = ctx.quick ? 70 : 210;
    const baseCount = Math.round(count / 3);
    ctx.log(`reports: pipeline page with filter + sort over ${fmtCount(docs.length)} leads, ${count} queries, ${baseCount} of the baseline`);
    const ours = await latencies(pages, count, 14, (params) => leadsPage(side.readModels, params, ANALYST, {}, nowIso()));
    const at = nowIso();
    // The page cut in memory takes 0.1–0.5 s a call and only gives the ratio (the target is absolute): a third as many calls.
    const base = await latencies(pages, baseCount, 14, (params) => inMemoryPage(docs, params, at));
    const p99 = percentile(ours, 99);
    const baseP99 = percentile(base, 99);
    return [
      {
        figure: `pipeline page, filter + sort, ${fmtCount(ctx.sizes.pipelineLeads)} leads`,
        ours: `p99 ${fmt(p99, 1)} ms`,
        baseline: `p99 ${fmt(baseP99, 1)} ms (filter + sort in memory)`,
        ratio: `${fmt(p99 / baseP99, p99 < baseP99 ? 2 : 1)}×`,
        target: 'p99 ≤ 50 ms',
        met: p99 <= 50,
        notes: [`leadsPage as GET /leads reads it (without shaping the answer), 50 per page, ${pages.length} filter/sort shapes in turn; medians ${fmt(median(ours), 1)} ms vs ${fmt(median(base), 1)} ms`],
      },
    ];
  } finally {
    await side.close();
  }
};

/** The first page of the same query, hand-written: one filtering pass, then a sort of the matches. */
const inMemoryPage = (docs: readonly PipelineDoc[], p: LeadsPageQuery, now: string): PipelineDoc[] => {
  const matches = docs.filter(
    (d) =>
      (!p.stage || d.stage === p.stage) &&
      (!p.ownerId || d.ownerId === p.ownerId) &&
      (!p.teamId || d.teamId === p.teamId) &&
      (!p.source || d.source === p.source) &&
      (!p.manClass || d.manClass === p.manClass) &&
      (!p.product || d.productInterest.includes(p.product)) &&
      (p.followUp !== 'overdue' || (d.open && d.nextFollowUpAt !== null && d.nextFollowUpAt < now)),
  );
  const sort = p.sort ?? '-capturedAt';
  const field = sort.replace(/^-/, '') as keyof PipelineDoc;
  const direction = sort.startsWith('-') ? -1 : 1;
  matches.sort((a, b) => {
    const x = a[field] as string | number | null;
    const y = b[field] as string | number | null;
    if (x === y) return a._id < b._id ? -direction : direction;
    if (x === null) return -direction;
    if (y === null) return direction;
    return x < y ? -direction : direction;
  });
  return matches.slice(0, 50);
};
