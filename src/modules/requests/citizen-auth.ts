import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import type { Services } from '../../platform/services.ts';

/** The citizen making a request through the counter's pages or its API. */
export type CitizenPrincipal = { userId: string; email: string; displayName: string; via: 'session' | 'bearer' };

/**
 * Finds the citizen behind a request, or says "not mine" (undefined) so the next authenticator tries. Handlers only
 * ever call `citizenOf()`: the identity service's citizen access tokens plug in by adding a bearer
 * authenticator to this list, without touching a handler.
 */
export type CitizenAuthenticator = (request: FastifyRequest) => Promise<CitizenPrincipal | null | undefined>;

const sessionAuthenticator: CitizenAuthenticator = async (request) =>
  request.user
    ? { userId: request.user.id, email: request.user.email, displayName: request.user.displayName, via: 'session' }
    : undefined;

// Per application (its services), not per process: a test process builds many applications, each with its own provider.
const extraAuthenticators = new WeakMap<Services, CitizenAuthenticator[]>();

/** Adds an authenticator (the bearer-token one, from the identity module), tried before the session. */
export function registerCitizenAuthenticator(services: Services, authenticator: CitizenAuthenticator): void {
  extraAuthenticators.set(services, [authenticator, ...(extraAuthenticators.get(services) ?? [])]);
}

export async function citizenOf(request: FastifyRequest): Promise<CitizenPrincipal | null> {
  for (const authenticate of [...(extraAuthenticators.get(request.server.services) ?? []), sessionAuthenticator]) {
    const principal = await authenticate(request);
    if (principal !== undefined) return principal;
  }
  // A bearer token nobody recognised is an error, not an anonymous visit: the client thinks it is signed in.
  if (/^bearer\s/i.test(request.headers.authorization ?? '')) {
    throw new AppError('authentication_required', "Ce jeton d'accès n'est pas reconnu. Reconnectez-vous.");
  }
  return null;
}
