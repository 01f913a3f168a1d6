import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Where the dashboard is served: `/dashboard/` (the pages), `/dashboard/vendor/echarts.min.js` (the chart library). */
export const DASHBOARD_PREFIX = '/dashboard';

/**
 * The dashboard's files (apps/api/dashboard): next to the sources under ts-jest, and found from the
 * compiled file in dist/apps/api/src/dashboard, whose tree mirrors the sources but holds no assets
 * (the build only compiles; the Dockerfile copies apps/api/dashboard beside dist).
 */
export const dashboardAssetsDir = (): string => {
  const candidates = [resolve(__dirname, '../../dashboard'), resolve(__dirname, '../../../../../apps/api/dashboard')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`the dashboard's files are missing (looked for index.html in ${candidates.join(', ')})`);
  return found;
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
