import type { IncomingMessage, ServerResponse } from 'node:http';
import type { onRequestHookHandler } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../../config.ts';

/** The origin of an XYZ tile template ("https://tiles.example.org/{z}/{x}/{y}.png" → "https://tiles.example.org"). */
export function tileOrigin(template: string): string {
  return new URL(template.replace(/[{}]/g, '')).origin;
}

/** What helmet does to a response, recorded once: a header set (name, value) or removed (name, null). */
type HeaderOperation = [name: string, value: string | null];

/**
 * The security headers (CSP included), computed ONCE by helmet and replayed on every response. The policy depends
 * only on the configuration, never on the request, so running helmet's chain of twelve middlewares per request (a
 * measured few per cent of an API call's CPU time) recomputed the same values each time. Raw headers, in helmet's
 * order and spelling, as before: responses written outside Fastify (the OpenID provider) carry them too.
 */
export function securityHeaders(config: Pick<Config, 'secureCookies' | 'mapTiles'>): onRequestHookHandler {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // The point maps' background tiles (MAP_STYLE_URL) are images from their server: only img-src names it.
        imgSrc: ["'self'", 'data:', ...(config.mapTiles ? [tileOrigin(config.mapTiles.url)] : [])],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  const operations: HeaderOperation[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => operations.push([name, value]),
    removeHeader: (name: string) => operations.push([name, null]),
  };
  let completed = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    completed = true;
  });
  // helmet's middlewares are synchronous; a policy that needed the request (a nonce) could not be recorded.
  if (!completed) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');

  return (_request, reply, done) => {
    const response = reply.raw;
    for (const [name, value] of operations) {
      if (value === null) response.removeHeader(name);
      else response.setHeader(name, value);
    }
    done();
  };
}
