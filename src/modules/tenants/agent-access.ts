import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { type CurrentUser, isOperator } from '../../platform/auth/current-user.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { requireTenantAdministrator } from '../../platform/http/guards.ts';
import { agentAccessManager } from '../../platform/tenancy/offers.ts';

export type AgentManager = { user: CurrentUser; actor: AuditActor; communeId: string; communeName: string };

/**
 * Who may invite, suspend, remove agents and give roles on this instance, as the offer table says: a Partenaire
 * commune's administrators (and the operators who run the platform), only the operators for an Abonné commune, and
 * nobody for a Connecté commune, which has no back-office. A stranger to the instance meets a 404, as everywhere in
 * an administration; a commune administrator refused by the offer is told why. Roles are held on the production
 * tenant, so a test instance's page manages the same people.
 */
export function requireAgentManager(request: FastifyRequest): AgentManager {
  const user = requireTenantAdministrator(request);
  const { tenant } = request;
  const manager = agentAccessManager(tenant.offers);
  if (!manager)
    throw new AppError(
      'capability_unavailable',
      "L'offre de la commune ne comprend pas de back-office (offre Connecté) : elle n'a pas d'agents à gérer ici.",
    );
  if (manager === 'metropole' && !isOperator(user))
    throw new AppError(
      'capability_unavailable',
      "Avec l'offre Abonné, les accès des agents sont gérés par la Métropole : adressez votre demande à ses opérateurs.",
    );
  if (tenant.isTestInstance) throw notFound();
  return {
    user,
    actor: { userId: user.id, label: user.email, ip: request.ip },
    communeId: tenant.production.id,
    communeName: tenant.production.name,
  };
}
