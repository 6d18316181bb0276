import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listServicesHandledBy } from './catalogue.repo.ts';
import { listTeams } from './service-teams.repo.ts';

export type AgentOfCommune = { userId: string; displayName: string; email: string; isAdmin: boolean };

export type AgentServices = {
  agent: AgentOfCommune;
  /** Every service the commune handles, with its team's members (none: every agent handles it). */
  services: Array<{ id: string; title: string; team: AgentOfCommune[]; member: boolean }>;
};

/**
 * One agent of the commune and the services whose teams they belong to, beside every service the commune handles
 * (its own and the mutualised ones routed to it) with its team. Undefined when the person is not an active agent
 * or administrator of the commune.
 */
export async function loadAgentServices(
  services: Services,
  communeId: string,
  userId: string,
): Promise<AgentServices | undefined> {
  // Mutualised services are the metropolis's rows: read outside the commune's scope, like the inbox's choices.
  const handled = await listServicesHandledBy(services.db, communeId);
  const [members, teams] = await withTenant(services.db, communeId, async (trx) => [
    await listTenantMembers(trx, communeId),
    await listTeams(trx),
  ]);
  const agents = new Map<string, AgentOfCommune>();
  for (const m of members)
    if (m.roles.includes('agent') || m.roles.includes('admin'))
      agents.set(m.userId, {
        userId: m.userId,
        displayName: m.displayName,
        email: m.email,
        isAdmin: m.roles.includes('admin'),
      });
  const agent = agents.get(userId);
  if (!agent) return undefined;
  return {
    agent,
    services: handled.map((s) => {
      const team = teams.filter((t) => t.eservice_id === s.id).map((t) => t.user_id);
      return {
        id: s.id,
        title: s.title,
        // A suspended or removed agent's membership stays but counts for nothing while they hold no role.
        team: team.flatMap((id) => agents.get(id) ?? []),
        member: team.includes(userId),
      };
    }),
  };
}
