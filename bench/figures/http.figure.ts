import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { BenchContext, freshDir } from '../lib/context';
import { Figure } from '../lib/figure';
import { request, Server, startServer } from '../lib/processes';
import { alternate, fmt, median, nowMs, percentile } from '../lib/stats';

const CONNECTIONS = 64;
/** The API is started with this admin key (BOOTSTRAP_ADMIN_KEY); every request sends it, so authentication is part of what is measured. */
const ADMIN_KEY = randomBytes(32).toString('base64url');
const CREDENTIALS = { 'x-api-key': ADMIN_KEY };

const leadBody = (id: string, n: number) => ({
  id,
  kind: 'organisation',
  name: `Bench Compressor Works ${n}`,
  contacts: { phones: ['+86 138 0013 8000'], emails: [`buyer${n}@bench.example`] },
  source: 'trade_show',
  ownerId: `rep-${n % 12}`,
  teamId: `team-${n % 3}`,
  productInterest: ['screw-compressor'],
  expectedAmount: 120_000,
  consent: { purposes: ['sales_contact'] },
});

let activitySeq = 0;
/** The same payload for both sides: a call with an outcome and the next follow-up. */
const activityBody = () => ({
  activityId: `bench-${process.pid}-${activitySeq++}`,
  activityType: 'call',
  outcome: 'Reached the purchasing head; wants a quote next week',
  outcomeCode: 'reached',
  durationMinutes: 12,
  nextFollowUpAt: '2030-01-12T09:00:00.000Z',
});

/** `count` leads captured over HTTP, `parallel` at a time. */
const seedLeads = async (server: Server, count: number): Promise<string[]> => {
  const ids = Array.from({ length: count }, (_, i) => `bench-lead-${i}`);
  for (let i = 0; i < ids.length; i += 32) {
    await Promise.all(
      ids.slice(i, i + 32).map(async (id, j) => {
        const res = await request(server.url, 'POST', '/leads', leadBody(id, i + j), CREDENTIALS);
        if (res.status !== 201) throw new Error(`seeding lead ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
  }
  return ids;
};

/** 64 connections posting activities round-robin over the leads for `seconds`. */
const load = async (server: Server, leads: readonly string[], seconds: number) => {
  let next = 0;
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: `/leads/${leads[next++ % leads.length]}/activities`,
          headers: { 'content-type': 'application/json', ...CREDENTIALS },
          body: JSON.stringify(activityBody()),
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${server.url}: ${result.non2xx} answers not 2xx and ${result.errors} errors under load (${result['2xx']} ok)`);
  }
  return { rps: result['2xx'] / result.duration, p99: result.latency.p99, p50: result.latency.p50 };
};

/** The API as `npm start` runs it, on a fresh DATA_DIR (or the configured servers). */
export const startApi = (ctx: BenchContext, dataDir: string): Promise<Server> =>
  startServer('apps/api/src/main.js', {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    // The load generator is one caller sending thousands of requests a second: measured without a rate limit.
    RATE_LIMIT_PER_MINUTE: '0',
    BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    ...(ctx.eventStoreUrl && { EVENTSTORE_URL: ctx.eventStoreUrl }),
    ...(ctx.mongodbUrl && { MONGODB_URL: ctx.mongodbUrl }),
  });

export const httpFigures = async (ctx: BenchContext): Promise<Figure[]> => {
  const seconds = ctx.quick ? 2 : 6;
  const leadCount = ctx.quick ? 500 : 2_000;
  ctx.log(`http: starting the API and the bare fastify baseline, ${leadCount} leads`);
  const api = await startApi(ctx, freshDir(ctx, 'http-api'));
  const bare = await startServer('bench/servers/bare-insert.server.js', { DATA_DIR: freshDir(ctx, 'http-bare') });
  const figures: Figure[] = [];
  try {
    const leads = await seedLeads(api, leadCount);
    ctx.log(`http: ${CONNECTIONS} connections, ${seconds} s per round (${ctx.runs} rounds after ${ctx.warmups} warm-up)`);
    const rounds = await alternate(
      ctx.runs,
      ctx.warmups,
      (round) => load(api, leads, round < 0 ? Math.max(1, seconds / 2) : seconds),
      (round) => load(bare, leads, round < 0 ? Math.max(1, seconds / 2) : seconds),
    );
    const ours = median(rounds.ours.map((r) => r.rps));
    const base = median(rounds.baseline.map((r) => r.rps));
    const oursP99 = median(rounds.ours.map((r) => r.p99));
    const baseP99 = median(rounds.baseline.map((r) => r.p99));
    figures.push({
      figure: `HTTP command POST /leads/{id}/activities, ${CONNECTIONS} connections`,
      ours: `${fmt(ours)} req/s, p99 ${fmt(oursP99)} ms`,
      baseline: `${fmt(base)} req/s, p99 ${fmt(baseP99)} ms`,
      ratio: `${fmt((ours / base) * 100)}%`,
      target: '≥ 50%',
      met: ours / base >= 0.5,
      notes: [
        `autocannon, ${seconds} s per round over ${leadCount} leads; ours = validation, load, decide, append (group commit) with the projections and policies running in the same process; ` +
          `baseline = bare fastify route, one raw INSERT (autocommit, synchronous=FULL) per request; p50 ${fmt(median(rounds.ours.map((r) => r.p50)))} ms vs ${fmt(median(rounds.baseline.map((r) => r.p50)))} ms`,
      ],
    });
    figures.push(await readYourWrites(ctx, api, leads));
  } finally {
    await Promise.all([api.stop(), bare.stop()]);
  }
  return figures;
};

/**
 * One client: a command alone, against a command followed by GET /leads/{id}?minPosition=<its
 * position> (answered once the read model has applied it). Alternated, so both see the same state.
 */
const readYourWrites = async (ctx: BenchContext, api: Server, leads: readonly string[]): Promise<Figure> => {
  const iterations = ctx.quick ? 200 : 1_000;
  ctx.log(`http: read-your-writes, ${iterations} commands alone vs ${iterations} command + GET with minPosition`);
  const command = async (lead: string) => {
    const res = await request(api.url, 'POST', `/leads/${lead}/activities`, activityBody(), CREDENTIALS);
    if (res.status !== 201) throw new Error(`activity: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.position as number;
  };
  const alone: number[] = [];
  const visible: number[] = [];
  for (let i = -50; i < iterations; i++) {
    const lead = leads[(i + 50) % leads.length];
    let start = nowMs();
    await command(lead);
    if (i >= 0) alone.push(nowMs() - start);
    start = nowMs();
    const position = await command(lead);
    const res = await request(api.url, 'GET', `/leads/${lead}?minPosition=${position}`, undefined, CREDENTIALS);
    if (res.status !== 200) throw new Error(`read your write: ${res.status} ${JSON.stringify(res.body)}`);
    if (i >= 0) visible.push(nowMs() - start);
  }
  const p99Alone = percentile(alone, 99);
  const p99Visible = percentile(visible, 99);
  const ratio = p99Visible / p99Alone;
  return {
    figure: 'read-your-writes: command → visible in GET /leads/{id}?minPosition',
    ours: `p99 ${fmt(p99Visible, 2)} ms`,
    baseline: `p99 ${fmt(p99Alone, 2)} ms (command alone)`,
    ratio: `${fmt(ratio, 2)}×`,
    target: 'p99 ≤ 2×',
    met: ratio <= 2,
    notes: [`one client, ${iterations} of each, alternated after 50 warm-up pairs; medians ${fmt(median(visible), 2)} ms vs ${fmt(median(alone), 2)} ms`],
  };
};
