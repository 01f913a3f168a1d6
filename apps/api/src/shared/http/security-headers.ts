import helmet from 'helmet';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpSettings } from './http.settings';

/**
 * Content Security Policy of every answer. Pages of this API (the Swagger UI at /docs, a dashboard)
 * load scripts, styles and data from this origin only. Swagger UI needs `'unsafe-inline'` styles
 * (its page has a <style> block and its components set style attributes) and `data:` images (its
 * icons); it has no inline script, so scripts stay `'self'`. No `upgrade-insecure-requests`: the API
 * is often reached over plain HTTP (locally, or behind a proxy that terminates TLS), where it would
 * send the browser to an https:// that does not exist.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Headers a browser reading a cross-origin answer may see (besides the CORS-safelisted ones). */
const EXPOSED_HEADERS = ['ETag', 'Retry-After', 'Idempotent-Replayed'];

/**
 * Security headers on every answer (Helmet), and CORS only for the origins in CORS_ORIGINS: without
 * them no CORS header is sent at all, so browsers keep other sites' pages from calling the API.
 * Call it before any other hook is added, so even an answer sent from a hook carries the headers.
 */
export const registerSecurityHeaders = async (app: NestFastifyApplication, config: HttpSettings): Promise<void> => {
  // Helmet's middleware built once, on the raw response as fastify's plugin applies it; the plugin
  // builds it anew for every request (3–4% of a command's CPU under load).
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
  });
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
  if (config.corsOrigins.length === 0) return;
  app.enableCors({
    // Always a list: @fastify/cors echoes a single string to every origin instead of matching it.
    origin: [...config.corsOrigins],
    methods: ['GET', 'POST', 'DELETE'],
    exposedHeaders: EXPOSED_HEADERS,
    // Credentials travel in headers (X-API-Key, Authorization), never in cookies.
    credentials: false,
    maxAge: 600,
    // An OPTIONS request that is no preflight is not refused in plain text: it gets the same empty 204.
    strictPreflight: false,
  });
};
