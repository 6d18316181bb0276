import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listServicesOutsideTeamsOf, listTeamOf } from '../catalogue/index.ts';
import { listProcessingAgents, type ProcessingActor, type ProcessingAgent } from '../requests/index.ts';

/** Who looks at requests: an agent (their account and roles), or a partner's software (no account). */
export type RequestViewer = Pick<ProcessingActor, 'userId' | 'roles'>;

/**
 * The services whose requests this viewer does not see: those whose team (catalogue's per-service teams) they are
 * not part of. A service without a team is every agent's; administrators and partners' software see every service.
 * Teams are the production commune's, so its test instance, whose services are other rows, has none.
 */
export async function servicesHiddenFrom(
  services: Services,
  holder: ResolvedTenant,
  viewer: RequestViewer,
): Promise<string[]> {
  const { userId } = viewer;
  if (!userId || viewer.roles.includes('admin')) return [];
  return withTenant(services.db, holder.production.id, (trx) => listServicesOutsideTeamsOf(trx, userId));
}

/** The agents who see a service's requests: its team's members and the administrators, everyone when it has none. */
export async function listAgentsOfService(
  services: Services,
  holder: ResolvedTenant,
  eserviceId: string,
): Promise<ProcessingAgent[]> {
  const [agents, team] = await Promise.all([
    listProcessingAgents(services, holder),
    withTenant(services.db, holder.production.id, (trx) => listTeamOf(trx, eserviceId)),
  ]);
  return team.length === 0 ? agents : agents.filter((a) => a.roles.includes('admin') || team.includes(a.userId));
}

/** Whether a request of this service may be handed to this agent: one who sees its requests (see above). */
export async function mayReceiveRequestsOf(
  services: Services,
  holder: ResolvedTenant,
  eserviceId: string,
  userId: string,
): Promise<boolean> {
  return (await listAgentsOfService(services, holder, eserviceId)).some((agent) => agent.userId === userId);
}
