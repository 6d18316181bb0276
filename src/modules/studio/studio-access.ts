import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { type CurrentUser, isOperator } from '../../platform/auth/current-user.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireCapability, requireTenantAdministrator, requireUser } from '../../platform/http/guards.ts';
import { actorOf } from '../../platform/http/route-helpers.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

export type StudioAccess = {
  tenant: ResolvedTenant;
  user: CurrentUser;
  actor: AuditActor;
  /** Only the metropolis builds services for every commune at once. */
  mayMutualise: boolean;
};

/**
 * Who may build services here: on the metropolis's instance its operators (its own services and the mutualised
 * ones); on a commune's instance, production or test, its administrators — and only if its offer includes building
 * e-services (Partenaire), as the offers gate says. Anyone else is told nothing exists (404).
 */
export function requireStudio(request: FastifyRequest): StudioAccess {
  const { tenant } = request;
  let user: CurrentUser;
  if (tenant.kind === 'metropole') {
    user = requireUser(request);
    if (!isOperator(user)) throw notFound();
  } else user = requireTenantAdministrator(request);
  requireCapability(request, 'instance.build-eservices');
  return { tenant, user, actor: actorOf(request, user), mayMutualise: tenant.kind === 'metropole' };
}

/** What the studio's use cases need of who acts: the instance and the audit log's "who". */
export type StudioActor = Pick<StudioAccess, 'tenant' | 'actor'>;
