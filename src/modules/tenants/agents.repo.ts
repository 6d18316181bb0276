import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { AgentInvitation, AgentRole, AgentSuspension } from './tenants.tables.ts';

/** A commune's invitations and suspensions, inside its production tenant's scope. */

export async function insertInvitation(
  trx: TenantTransaction,
  invitation: {
    email: string;
    displayName: string;
    role: AgentRole;
    tokenHash: string;
    invitedBy: string | null;
    at: Date;
    expiresAt: Date;
  },
): Promise<AgentInvitation> {
  return trx
    .insertInto('agent_invitation')
    .values({
      tenant_id: trx.tenantId,
      email: invitation.email,
      display_name: invitation.displayName,
      role: invitation.role,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      created_at: invitation.at,
      expires_at: invitation.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The invitations still waiting for an answer (neither accepted, revoked nor expired). */
export async function listPendingInvitations(trx: TenantTransaction, now: Date): Promise<AgentInvitation[]> {
  return trx
    .selectFrom('agent_invitation')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findInvitationByTokenHash(
  trx: TenantTransaction,
  tokenHash: string,
): Promise<AgentInvitation | undefined> {
  return trx
    .selectFrom('agent_invitation')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks an invitation used, once: false when another answer came first. */
export async function markInvitationAccepted(
  trx: TenantTransaction,
  id: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('agent_invitation')
    .set({ accepted_at: at, accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export async function revokeInvitation(
  trx: TenantTransaction,
  id: string,
  at: Date,
): Promise<AgentInvitation | undefined> {
  return trx
    .updateTable('agent_invitation')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('tenant_id', '=', trx.tenantId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Earlier invitations of the same address are replaced by a new one: only the latest link works. */
export async function revokeInvitationsOf(trx: TenantTransaction, email: string, at: Date): Promise<void> {
  await trx
    .updateTable('agent_invitation')
    .set({ revoked_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertSuspension(
  trx: TenantTransaction,
  suspension: { userId: string; roles: AgentRole[]; by: string | null; at: Date },
): Promise<void> {
  await trx
    .insertInto('agent_suspension')
    .values({
      tenant_id: trx.tenantId,
      user_id: suspension.userId,
      roles: suspension.roles,
      suspended_at: suspension.at,
      suspended_by: suspension.by,
    })
    .execute();
}

export async function deleteSuspension(trx: TenantTransaction, userId: string): Promise<AgentSuspension | undefined> {
  return trx
    .deleteFrom('agent_suspension')
    .where('tenant_id', '=', trx.tenantId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

export type SuspendedAgent = AgentSuspension & { email: string; display_name: string };

export async function listSuspensions(trx: TenantTransaction): Promise<SuspendedAgent[]> {
  return trx
    .selectFrom('agent_suspension')
    .innerJoin('user_account', 'user_account.id', 'agent_suspension.user_id')
    .selectAll('agent_suspension')
    .select(['user_account.email', 'user_account.display_name'])
    .where('agent_suspension.tenant_id', '=', trx.tenantId)
    .orderBy('user_account.display_name')
    .execute();
}
