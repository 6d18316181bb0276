import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { hasRole } from '../../platform/auth/current-user.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireOperator, requireUser } from '../../platform/http/guards.ts';
import { actorOf } from '../../platform/http/route-helpers.ts';

/**
 * Who acts as an instance's data protection officer: the metropolis's operators on its instance, a commune's own
 * administrators on the commune's production instance. Each controller answers for its own instance alone (P6), so
 * here — unlike the rest of a commune's administration — the metropolis's operators do not stand in for a commune.
 * A test instance holds nothing real. Anyone else: 404.
 */
export function requireDpo(request: FastifyRequest): { actor: AuditActor } {
  const { tenant } = request;
  if (tenant.isTestInstance) throw notFound();
  if (tenant.kind === 'metropole') return { actor: actorOf(request, requireOperator(request)) };
  const user = requireUser(request);
  if (!hasRole(user, tenant, 'admin')) throw notFound();
  return { actor: actorOf(request, user) };
}
