import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { grantRole, revokeTenantRoles } from '../../platform/auth/accounts.repo.ts';
import { type TenantTransaction, withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { deleteSuspension, insertSuspension, revokeInvitation } from './agents.repo.ts';
import type { AgentRole } from './tenants.tables.ts';

export type AgentChange =
  | { kind: 'role'; role: AgentRole }
  | { kind: 'suspend' }
  | { kind: 'reinstate' }
  | { kind: 'remove' }
  | { kind: 'cancel-invitation' };

export type AgentChangeResult = { ok: true } | { ok: false; reason: 'not-found' | 'self' };

const isAgentRole = (role: string): role is AgentRole => role === 'agent' || role === 'admin';

/**
 * What an administrator (or, for an Abonné commune, an operator) changes about one agent: their role, a suspension
 * (the roles are taken back and remembered, so the agent loses access at their next page and gets it back as it was
 * on reinstatement), their removal (roles and suspension gone), or an invitation withdrawn. Nobody changes their own
 * access here: an administrator cannot lock themselves out by mistake. Each change is audited with its before/after.
 */
export async function changeAgentAccess(
  services: Services,
  options: { communeId: string; actor: AuditActor; targetId: string; change: AgentChange },
): Promise<AgentChangeResult> {
  const { communeId, actor, targetId, change } = options;
  if (change.kind !== 'cancel-invitation' && targetId === actor.userId) return { ok: false, reason: 'self' };
  const at = services.clock.now();
  return withTenant(services.db, communeId, async (trx) => {
    const audit = (action: string, details: Record<string, unknown>, targetType = 'user_account') =>
      recordAudit(trx, { actor, tenantId: communeId, action, target: { type: targetType, id: targetId }, details, at });
    switch (change.kind) {
      case 'cancel-invitation': {
        const revoked = await revokeInvitation(trx, targetId, at);
        if (!revoked) return notFound;
        await audit('tenant.agent.invitation-cancel', { email: revoked.email }, 'agent_invitation');
        return ok;
      }
      case 'reinstate': {
        const suspension = await deleteSuspension(trx, targetId);
        if (!suspension) return notFound;
        for (const role of suspension.roles) await grantRole(trx, { userId: targetId, tenantId: communeId, role });
        await audit('tenant.agent.reinstate', { roles: suspension.roles });
        return ok;
      }
      case 'remove': {
        const held = await takeRoles(trx, targetId);
        const suspension = await deleteSuspension(trx, targetId);
        if (held.length === 0 && !suspension) return notFound;
        await audit('tenant.agent.remove', { roles: held.length ? held : suspension?.roles });
        return ok;
      }
      case 'suspend': {
        const held = await takeRoles(trx, targetId);
        if (held.length === 0) return notFound;
        await insertSuspension(trx, { userId: targetId, roles: held, by: actor.userId, at });
        await audit('tenant.agent.suspend', { roles: held });
        return ok;
      }
      case 'role': {
        const held = await takeRoles(trx, targetId);
        if (held.length === 0) return notFound;
        await grantRole(trx, { userId: targetId, tenantId: communeId, role: change.role });
        await audit('tenant.agent.role', { from: held, to: [change.role] });
        return ok;
      }
    }
  });
}

const ok = { ok: true } as const;
const notFound = { ok: false, reason: 'not-found' } as const;

/** The agent's roles in this commune, taken back (an operator's grant lives on the metropolis and is never here). */
async function takeRoles(trx: TenantTransaction, userId: string): Promise<AgentRole[]> {
  const roles = await revokeTenantRoles(trx, userId, trx.tenantId);
  return roles.filter(isAgentRole);
}
