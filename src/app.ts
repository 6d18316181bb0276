import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import Fastify, { type FastifyInstance, type preHandlerHookHandler } from 'fastify';
import { loadCurrentUser } from './platform/auth/current-user.ts';
import { SESSION_COOKIE } from './platform/auth/session-cookie.ts';
import { ApiRegistry } from './platform/http/api.ts';
import { installErrorHandling } from './platform/http/error-handler.ts';
import { apiCallGuard, csrfBinding, csrfHmacKey } from './platform/http/csrf.ts';
import { installInputHygiene, watchMultipartReading } from './platform/http/input-hygiene.ts';
import { securityHeaders } from './platform/http/security-headers.ts';
import './platform/http/fastify-types.ts';
import { rewriteTenantUrl, installTenantResolution } from './platform/http/tenant-resolution.ts';
import type { Services } from './platform/services.ts';
import { registerPlatformRoutes } from './platform/http/platform.routes.ts';
import { registerVendorRoutes } from './platform/http/vendor.routes.ts';

/** The form's token: a text field, or in a multipart form the field @fastify/multipart attaches as { value }. */
const CsrfField = z.object({
  _csrf: z.union([z.string(), z.object({ value: z.string() }).transform((field) => field.value)]),
});

/** Largest file accepted by any upload (logos now, attachments later). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

export type RouteEntry = { method: string; url: string; csrf: boolean };

/**
 * Builds the web application from its services. No globals: tests build as many as they like, each with its own
 * database, clock and mail transport.
 */
export async function buildApp(
  services: Services,
): Promise<FastifyInstance & { routeTable: RouteEntry[]; api: ApiRegistry }> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.logger,
    trustProxy: config.trustProxy,
    rewriteUrl: (raw) => rewriteTenantUrl(raw),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Each request's child logger (its request id) is built by pino for every request; a silent logger writes
    // nothing, child or not, so it serves as is. A route with its own log level still gets its own child.
    childLoggerFactory: (logger, bindings, options) =>
      logger.level === 'silent' && !options.level && !options.serializers ? logger : logger.child(bindings, options),
  });
  app.decorate('services', services);
  const api = new ApiRegistry();
  const routeTable: RouteEntry[] = [];

  await app.register(fastifyCookie, { secret: services.cookieSecret });
  await app.register(fastifyFormbody);
  watchMultipartReading(app);
  await app.register(fastifyMultipart, {
    // Fields come before the handler so the CSRF check can read the form's token; files are capped and counted.
    attachFieldsToBody: true,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 5, fields: 100, fieldSize: 100_000 },
  });
  installInputHygiene(app);
  app.addHook('onRequest', securityHeaders(config));
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'communs_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
    // Tokens are bound to the session they were made for (see csrf.ts).
    getUserInfo: csrfBinding,
    csrfOpts: { hmacKey: csrfHmacKey(services.cookieSecret) },
    getToken: (request) => {
      const field = CsrfField.safeParse(request.body);
      if (field.success) return field.data._csrf;
      const header = request.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/static/',
    maxAge: config.env === 'production' ? '1d' : 0,
  });

  // CSRF by construction: every state-changing route outside the JSON API checks the form's token before its
  // handler runs (preHandler: the body is parsed by then). The API takes JSON only, and a call it receives with a
  // session cookie must come from this site or carry the token (apiCallGuard, before the body is read).
  const guardApiCall = apiCallGuard(app);
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const changesState = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
    const isApi = route.url.startsWith('/api/');
    if (changesState && isApi) {
      const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
      route.onRequest = [guardApiCall, ...existing];
    }
    const csrf = changesState && !isApi && !route.config?.csrfExempt;
    if (csrf) {
      const existing = route.preHandler
        ? Array.isArray(route.preHandler)
          ? route.preHandler
          : [route.preHandler]
        : [];
      route.preHandler = [app.csrfProtection as preHandlerHookHandler, ...existing];
    }
    for (const method of methods) if (method !== 'HEAD') routeTable.push({ method, url: route.url, csrf });
  });

  installTenantResolution(app);
  app.decorateRequest('user', null);
  // Callback hooks rather than async ones where most requests need no waiting (no session cookie, every onSend):
  // Fastify then skips a promise and its microtask turns per hook and per request.
  app.addHook('onRequest', (request, _reply, done) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return done();
    loadCurrentUser(services, token).then((user) => {
      request.user = user;
      done();
    }, done);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    // Pages may hold personal data: never stored by shared caches, and not kept by the browser after logout.
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', request.user ? 'no-store' : 'no-cache');
    done(null, payload);
  });
  installErrorHandling(app);

  await registerPlatformRoutes(app, api);
  registerVendorRoutes(app);
  for (const module of services.modules) await module.routes?.(app, api);

  return Object.assign(app as unknown as FastifyInstance, { routeTable, api });
}
