import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit.repo.ts';
import type { CurrentUser } from '../auth/current-user.ts';
import type { Services } from '../services.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { notFound } from './errors.ts';
import { requireTenantAdministrator } from './guards.ts';

/** The audit log's "who": the signed-in person and the address the request came from. */
export function actorOf(request: FastifyRequest, user: CurrentUser): AuditActor {
  return { userId: user.id, label: user.email, ip: request.ip };
}

/**
 * The production commune an operator's address names by its slug; a test instance, the metropolis or an unknown
 * slug is 404.
 */
export async function productionCommuneBySlug(services: Services, slug: string): Promise<ResolvedTenant> {
  const commune = await services.tenants.bySlug(slug);
  if (!commune || commune.kind !== 'commune' || commune.isTestInstance)
    throw notFound('Aucune commune ne porte ce nom.');
  return commune;
}

/**
 * The commune whose instance the request came to, for its administrators (and operators): a commune's own pages exist
 * only on its production instance, 404 elsewhere.
 */
export function productionCommuneOf(request: FastifyRequest): ResolvedTenant {
  requireTenantAdministrator(request);
  if (request.tenant.kind !== 'commune' || request.tenant.isTestInstance) throw notFound();
  return request.tenant;
}
