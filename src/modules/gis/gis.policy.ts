import type { FastifyRequest } from 'fastify';
import { type CurrentUser, hasRole } from '../../platform/auth/current-user.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireCapability, requireUser } from '../../platform/http/guards.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

/**
 * The GIS extranet is for the agents and administrators of the instance's administration (the metropolis, or a
 * commune whose offer includes Geonet); the session is the platform's, whichever way the agent logged in (password or
 * ProConnect). Anyone else gets 404, as for another tenant's back-office; an agent of a commune without Geonet is
 * told the offer does not include it.
 */
export function requireGisAgent(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!isAgentOf(user, request.tenant)) throw notFound();
  requireCapability(request, 'geonet.access');
  return user;
}

/** An administrator of the instance's administration (imports its addresses; the metropolis's also manage layers). */
export function requireGisAdministrator(request: FastifyRequest): CurrentUser {
  const user = requireGisAgent(request);
  if (!hasRole(user, request.tenant, 'admin')) throw notFound();
  return user;
}

/** Layers are the metropolis's: its administrators add, refresh and remove them. */
export function requireLayerManager(request: FastifyRequest): CurrentUser {
  const user = requireGisAdministrator(request);
  if (request.tenant.kind !== 'metropole') throw notFound();
  return user;
}

export function isAgentOf(user: CurrentUser, tenant: ResolvedTenant): boolean {
  return hasRole(user, tenant, 'agent') || hasRole(user, tenant, 'admin');
}

export function mayManageLayers(user: CurrentUser, tenant: ResolvedTenant): boolean {
  return tenant.kind === 'metropole' && hasRole(user, tenant, 'admin');
}

/**
 * The communes whose addresses an administrator may import: a commune its own; the metropolis every member commune
 * (it keeps the register for those without a BAL of their own).
 */
export async function importableCommunes(services: Services, tenant: ResolvedTenant): Promise<Map<string, string>> {
  if (tenant.kind === 'commune') {
    const own = tenant.production;
    return new Map(own.insee_code ? [[own.insee_code, own.name]] : []);
  }
  const all = await services.tenants.all();
  return new Map(
    all
      .filter((t) => t.kind === 'commune' && !t.isTestInstance && t.insee_code)
      .map((t) => [t.insee_code as string, t.name]),
  );
}
