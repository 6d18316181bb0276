import type { FastifyRequest } from 'fastify';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { bearerToken, requireCapability, requireUser } from '../../platform/http/guards.ts';
import { BACKOFFICE_API_SCOPE } from '../identity/index.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { ProcessingActor } from '../requests/index.ts';
import type { WorkflowRole } from '../workflows/index.ts';

/**
 * Who may use the back-office of an instance: the agents and administrators of its tenant (roles held on the
 * production tenant apply to its test instance), provided its offer includes the GRU (`gru.process`: not Connecté).
 * Anyone else — another tenant's agents, citizens, operators — meets a 404: the GRU of another tenant does not exist
 * for them. Operators run the platform, they do not process a commune's requests.
 */
export type AgentAccess = { user: CurrentUser; roles: WorkflowRole[]; actor: ProcessingActor; holder: ResolvedTenant };

export function processingRolesOf(user: CurrentUser | null, tenant: ResolvedTenant): WorkflowRole[] {
  const roles = new Set<WorkflowRole>();
  for (const grant of user?.grants ?? []) {
    if (grant.tenantId === tenant.production.id && (grant.role === 'agent' || grant.role === 'admin'))
      roles.add(grant.role);
  }
  return [...roles];
}

export function requireAgent(request: FastifyRequest): AgentAccess {
  const user = requireUser(request);
  const roles = processingRolesOf(user, request.tenant);
  if (roles.length === 0) throw notFound();
  requireCapability(request, 'gru.process');
  return {
    user,
    roles,
    holder: request.tenant,
    actor: { userId: user.id, label: user.displayName, ip: request.ip, kind: 'agent', roles },
  };
}

/**
 * The back-office API's caller: an agent's session, or a partner's software holding an OAuth 2.0 access token
 * (client credentials) for this tenant, checked by the identity provider (`services.accessTokens`).
 */
export type ApiPrincipal =
  | { kind: 'agent'; access: AgentAccess }
  | { kind: 'client'; clientId: string; actor: ProcessingActor; holder: ResolvedTenant };

/** The scope a client-credentials token needs for the back-office API. */
export const BACKOFFICE_SCOPE = BACKOFFICE_API_SCOPE;

export async function requireApiPrincipal(request: FastifyRequest): Promise<ApiPrincipal> {
  const bearer = bearerToken(request);
  if (!bearer) return { kind: 'agent', access: requireAgent(request) };
  const invalid = () =>
    new AppError(
      'authentication_required',
      "Ce jeton d'accès est inconnu, expiré ou révoqué : demandez-en un nouveau (grant client_credentials).",
      {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      },
    );
  const token = await request.server.services.accessTokens.backofficeClient(bearer);
  if (!token) throw invalid();
  if (!token.scopes.includes(BACKOFFICE_SCOPE)) {
    throw new AppError('forbidden', `Ce jeton n'a pas la portée ${BACKOFFICE_SCOPE}.`, {
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${BACKOFFICE_SCOPE}"` },
    });
  }
  // A token is for one tenant: another tenant's instance does not exist for it.
  if (token.tenantId !== request.tenant.production.id) throw notFound();
  requireCapability(request, 'gru.process');
  return {
    kind: 'client',
    clientId: token.clientId,
    holder: request.tenant,
    actor: {
      userId: null,
      label: `Logiciel partenaire « ${token.label} »`,
      ip: request.ip,
      kind: 'client',
      roles: ['agent'],
    },
  };
}

export const actorOfPrincipal = (principal: ApiPrincipal): ProcessingActor =>
  principal.kind === 'agent' ? principal.access.actor : principal.actor;
