import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
import { bearerToken } from '../http/guards.ts';

/** The citizen behind a request: a signed-in session, or an access token our identity provider issued them. */
export type CitizenPrincipal = { userId: string; email: string; displayName: string; via: 'session' | 'bearer' };

/** What a client-credentials token says once verified: which client, for which tenant, with which scopes. */
export type ClientToken = { clientId: string; tenantId: string; scopes: string[]; label: string };

/**
 * The access tokens of the platform's own identity provider, checked for the APIs that accept them. The identity
 * module provides it (see its descriptor); every other module reads it from the services.
 */
export type AccessTokens = {
  /** A citizen's access token (authorization-code flow): the citizen, or undefined when it is not valid. */
  citizen(token: string): Promise<CitizenPrincipal | undefined>;
  /** A client-credentials token for the back-office API: the client, or null when it is not valid. */
  backofficeClient(token: string): Promise<ClientToken | null>;
};

/**
 * The citizen making a request through the requests' pages or their API: an access token first (a mobile app), then
 * the session. A bearer token nobody recognises, without a session, is an error rather than an anonymous visit: the
 * client thinks it is signed in.
 */
export async function citizenOf(request: FastifyRequest): Promise<CitizenPrincipal | null> {
  const token = bearerToken(request);
  const bearer = token ? await request.server.services.accessTokens.citizen(token) : undefined;
  if (bearer) return bearer;
  const user = request.user;
  if (user) return { userId: user.id, email: user.email, displayName: user.displayName, via: 'session' };
  if (/^bearer\s/i.test(request.headers.authorization ?? '')) {
    throw new AppError('authentication_required', "Ce jeton d'accès n'est pas reconnu. Reconnectez-vous.");
  }
  return null;
}
