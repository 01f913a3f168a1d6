import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where the dashboard is served: `/dashboard/` (the pages), `/dashboard/vendor/echarts.min.js` (the chart library). */
export const DASHBOARD_PREFIX = '/dashboard';

/**
 * The dashboard's files (apps/api/dashboard): the build only compiles, so they are found by walking
 * up from this file: next to the sources under ts-jest, beside any compiled tree (dist/…, the
 * benchmarks' dist/bench/…) from the project root, and in the Docker image, which copies them there.
 */
export const dashboardAssetsDir = (): string => {
  const looked: string[] = [];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'dashboard'), join(dir, 'apps', 'api', 'dashboard')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
      looked.push(candidate);
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`the dashboard's files are missing (looked for index.html in ${looked.join(', ')})`);
};

/**
 * Serves the dashboard: static files that need no credentials (the pages sign in against the API
 * themselves, and every answer they read is checked by the API's guard as usual). They are Fastify
 * routes outside Nest, so the Nest guard never sees them; only the files of apps/api/dashboard and
 * the one ECharts file are reachable, nothing else becomes public. Helmet's headers (CSP included,
 * registered before) cover them: the pages use no inline script, handler or eval.
 */
export const registerDashboard = async (app: NestFastifyApplication): Promise<void> => {
  const root = dashboardAssetsDir();
  const echarts = require.resolve('echarts/dist/echarts.min.js');
  // ETag and Last-Modified with max-age=0: a browser revalidates, so a new release is picked up at once.
  await app.register(fastifyStatic, { root, prefix: `${DASHBOARD_PREFIX}/`, index: ['index.html'], serveDotFiles: false, list: false });
  const fastify = app.getHttpAdapter().getInstance();
  // Relative asset URLs in index.html resolve against /dashboard/, so the bare path redirects there.
  fastify.get(DASHBOARD_PREFIX, (_request, reply) => reply.redirect(`${DASHBOARD_PREFIX}/`, 301));
  fastify.get(`${DASHBOARD_PREFIX}/vendor/echarts.min.js`, (_request, reply) => reply.sendFile(basename(echarts), dirname(echarts)));
};
