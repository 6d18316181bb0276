import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listServicesOutsideTeamsOf } from '../catalogue/index.ts';
import { listAgentsOfService, type ProcessingActor } from '../requests/index.ts';

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

/** Whether a request of this service may be handed to this agent: one who sees its requests (see above). */
export async function mayReceiveRequestsOf(
  services: Services,
  holder: ResolvedTenant,
  eserviceId: string,
  userId: string,
): Promise<boolean> {
  return (await listAgentsOfService(services, holder, eserviceId)).some((agent) => agent.userId === userId);
}
