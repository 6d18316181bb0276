import type { FastifyRequest } from 'fastify';

/** How a request appears in the log: its method and where it went, never a credential it carried. */
export type LoggedRequest = { method: string; url: string; host: string | undefined; remoteAddress: string };

// A path segment that could be a code or a token (a reset token, an identifier): long, and made of letters and
// digits with at least one digit. Slugs ("rillieux-la-pape") and words stay readable.
const SECRET_LIKE_SEGMENT = /^(?=[^/]*\d)[A-Za-z0-9_~.-]{12,}$/;
// A tracking code has twelve characters of base 32 and, about once in a hundred, no digit at all ("YENX-SVSF-JXFW"):
// its shape alone marks it, typed with or without dashes, in either case.
const TRACKING_CODE_SHAPED = /^(?:[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}|[A-Z0-9]{12})$/;

function couldBeSecret(segment: string): boolean {
  return SECRET_LIKE_SEGMENT.test(segment) || TRACKING_CODE_SHAPED.test(segment);
}

/** A path with its query string dropped and every segment that could be a secret masked. */
export function maskedPath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path
    .split('/')
    .map((segment) => (couldBeSecret(segment) ? '…' : segment))
    .join('/');
}

/**
 * The request as the request log writes it. Full URLs carry secrets: a password-reset or sign-up link's token in
 * its query string, a tracking code in its path. So the log gets the route's pattern ("/suivi/:code"), preceded by
 * the commune's prefix the request came through; a request that matched no route, or a wildcard route, gets its path
 * without the query string and with code-like segments masked.
 */
export function requestLogFields(request: FastifyRequest): LoggedRequest {
  const original = request.originalUrl ?? request.url;
  const pattern = request.routeOptions?.url;
  const prefix = /^\/c\/[a-z0-9-]+(?=\/|\?|$)/.exec(original)?.[0] ?? '';
  const url = pattern && !pattern.includes('*') ? `${prefix}${pattern}` : maskedPath(original);
  return { method: request.method, url, host: request.host, remoteAddress: request.ip };
}
