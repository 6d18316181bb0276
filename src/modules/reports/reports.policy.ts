import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireOperator, requireTenantAdministrator } from '../../platform/http/guards.ts';

/**
 * Who moderates public reports (T12). The seed gives the metropolis the right to remove public contributions contrary
 * to public order (annexe Toodego, « Elle se réserve le droit de supprimer toute contribution… »): its operators
 * moderate every report, on the metropolis's instance. A commune's administrators moderate the reports their commune
 * holds (it is their data controller), on its production instance, and no other. Anyone else: 404.
 */
export function requireModerator(request: FastifyRequest): { actor: AuditActor; holderId: string | null } {
  const { tenant } = request;
  if (tenant.isTestInstance) throw notFound();
  const user = tenant.kind === 'metropole' ? requireOperator(request) : requireTenantAdministrator(request);
  return {
    actor: { userId: user.id, label: user.email, ip: request.ip },
    holderId: tenant.kind === 'metropole' ? null : tenant.id,
  };
}
