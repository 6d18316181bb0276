import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireTenantAdministrator } from '../../platform/http/guards.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

/** What the agreements' and billing's route handlers share. */

/** The production commune named by `:slug` in an operator's address; anything else is 404. */
export async function findProductionCommune(services: Services, request: FastifyRequest): Promise<ResolvedTenant> {
  const commune = await services.tenants.bySlug((request.params as { slug: string }).slug);
  if (!commune || commune.kind !== 'commune' || commune.isTestInstance)
    throw notFound('Aucune commune ne porte ce nom.');
  return commune;
}

/** The audit log's "who": the signed-in person and the address the request came from. */
export function actorOf(request: FastifyRequest, user: CurrentUser): AuditActor {
  return { userId: user.id, label: user.email, ip: request.ip };
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
