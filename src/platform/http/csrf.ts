import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { sessionIdOf } from '../auth/log-in.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import { AppError } from './errors.ts';

/**
 * What a CSRF token is bound to: the session of the browser it was made for (the hash of its session cookie), or
 * none before login. A token and CSRF cookie taken from one session are refused with another session's cookie, so
 * a cookie planted from a sibling site, with its token, does not forge a signed-in person's form.
 */
export function csrfBinding(request: FastifyRequest): string {
  const token = request.cookies[SESSION_COOKIE];
  // The library refuses an empty binding; a session id is hexadecimal, so this one never matches a session.
  return token ? sessionIdOf(token) : 'sans-session';
}

/** The key that signs the binding into tokens, derived from the cookie secret (one secret to configure). */
export function csrfHmacKey(cookieSecret: string): Buffer {
  return createHmac('sha256', cookieSecret).update('communs csrf binding').digest();
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The Origin header names this site: the address the request came to, or the public address. */
function fromThisSite(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    const { host } = new URL(origin);
    return host === request.host || host === new URL(publicUrl).host;
  } catch {
    return false;
  }
}

/**
 * The JSON API's gate for calls that change something, before the body is read. It takes JSON only: a form's body
 * (which any page may post) is refused, not parsed. A call authenticated by the session cookie, which the browser
 * adds by itself, must come from this site (its Origin) or carry the page's CSRF token (X-CSRF-Token); a call with
 * an Authorization header is not a browser's doing.
 */
export function apiCallGuard(app: FastifyInstance): onRequestHookHandler {
  const { publicUrl } = app.services.config;
  return (request, reply, done) => {
    if (carriesBody(request) && !JSON_TYPE.test(request.headers['content-type'] ?? '')) {
      done(
        new AppError('unsupported_media_type', 'Cette API accepte du JSON : en-tête Content-Type: application/json.'),
      );
      return;
    }
    if (!request.user || request.headers.authorization || fromThisSite(request, publicUrl)) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  };
}
