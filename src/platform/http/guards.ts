import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type CurrentUser, canAdministerTenant, hasRole, isOperator } from '../auth/current-user.ts';
import type { TenantRole } from '../db/schema.ts';
import type { Capability } from '../tenancy/offers.ts';
import { tenantMayUse } from '../tenancy/tenant-directory.ts';
import { AppError, notFound } from './errors.ts';

/** A signed-in user, or a 401 (pages turn it into a redirect to the login page). */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new AppError('authentication_required', 'Connectez-vous pour accéder à cette page.');
  return request.user;
}

/**
 * Someone allowed to administer this request's tenant. Anyone else gets 404, not 403: another tenant's
 * administration must not even be confirmed to exist (DESIGN invariant 1).
 */
export function requireTenantAdministrator(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!canAdministerTenant(user, request.tenant)) throw notFound();
  return user;
}

export function requireTenantRole(request: FastifyRequest, role: TenantRole): CurrentUser {
  const user = requireUser(request);
  if (!hasRole(user, request.tenant, role) && !isOperator(user)) throw notFound();
  return user;
}

/**
 * An administrator or agent of the commune whose production instance the request came to (a commune's own figures,
 * its reports); anyone else, the metropolis's instance and test instances get 404.
 */
export function requireCommuneStaff(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  const { tenant } = request;
  if (tenant.kind !== 'commune' || tenant.isTestInstance) throw notFound();
  if (!hasRole(user, tenant, 'admin') && !hasRole(user, tenant, 'agent')) throw notFound();
  return user;
}

/** Metropolis operators only, and only on the metropolis's own instance. */
export function requireOperator(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!isOperator(user) || request.tenant.kind !== 'metropole') throw notFound();
  return user;
}

/** The tenant's offer must include the capability (DESIGN invariant 5). */
export function requireCapability(request: FastifyRequest, capability: Capability): void {
  if (!tenantMayUse(request.tenant, capability)) {
    throw new AppError(
      'capability_unavailable',
      "Cette fonction n'est pas comprise dans l'offre souscrite par la commune.",
    );
  }
}

/** A path to come back to after logging in: only a path of this site, never another host. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return undefined;
  return value;
}

/** The `retour` parameter of a page's address, as a field of its query schema: a path of this site, or undefined. */
export const ZReturnPath = z.string().optional().catch(undefined).transform(safeReturnPath);

/** The OAuth 2.0 bearer token of the Authorization header (RFC 6750 §2.1), if the request carries one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
