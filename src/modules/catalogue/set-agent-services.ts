import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { listTenantMembers } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listServicesHandledBy } from './catalogue.repo.ts';
import { replaceAgentServices } from './service-teams.repo.ts';

export type SetAgentServicesResult = { ok: true } | { ok: false; reason: 'not-found' | 'self' | 'unknown-service' };

/**
 * Puts one agent in the teams of exactly these services (per-service teams): a service with a team is handled by its
 * members and the commune's administrators only. Like every change of an agent's access, nobody changes their own,
 * the person must be an active agent or administrator of the commune, and the change is audited with what it was.
 */
export async function setAgentServices(
  services: Services,
  options: { communeId: string; actor: AuditActor; agentId: string; eserviceIds: string[] },
): Promise<SetAgentServicesResult> {
  const { communeId, actor, agentId } = options;
  if (agentId === actor.userId) return { ok: false, reason: 'self' };
  const at = services.clock.now();
  // Mutualised services are the metropolis's rows: read outside the commune's scope.
  const handled = new Map((await listServicesHandledBy(services.db, communeId)).map((s) => [s.id, s.title]));
  return withTenant(services.db, communeId, async (trx) => {
    const member = (await listTenantMembers(trx, communeId)).find((m) => m.userId === agentId);
    if (!member?.roles.some((r) => r === 'agent' || r === 'admin')) return { ok: false, reason: 'not-found' } as const;
    const wanted = [...new Set(options.eserviceIds)];
    if (wanted.some((id) => !handled.has(id))) return { ok: false, reason: 'unknown-service' } as const;
    const before = await replaceAgentServices(trx, agentId, wanted, at);
    const named = (ids: string[]) => ids.map((id) => ({ id, title: handled.get(id) ?? id }));
    const added = wanted.filter((id) => !before.includes(id));
    const removed = before.filter((id) => !wanted.includes(id));
    if (added.length || removed.length)
      await recordAudit(trx, {
        actor,
        tenantId: communeId,
        action: 'tenant.agent.services',
        target: { type: 'user_account', id: agentId },
        details: { added: named(added), removed: named(removed) },
        at,
      });
    return { ok: true } as const;
  });
}
