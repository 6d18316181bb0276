import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountByEmail, grantRole } from '../../platform/auth/accounts.repo.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { createInvitedAccount, passwordProblem } from '../identity/index.ts';
import { findInvitationByTokenHash, markInvitationAccepted } from './agents.repo.ts';
import { invitationTokenHash } from './invite-agent.ts';
import type { AgentInvitation } from './tenants.tables.ts';

/** An invitation its link names, if it can still be accepted (not used, not replaced, not expired). */
export async function findLiveInvitation(
  services: Services,
  commune: ResolvedTenant,
  token: string,
): Promise<(AgentInvitation & { accountExists: boolean }) | undefined> {
  if (commune.isTestInstance) return undefined;
  const now = services.clock.now();
  const invitation = await withTenant(services.db, commune.id, (trx) =>
    findInvitationByTokenHash(trx, invitationTokenHash(token)),
  );
  if (!invitation || invitation.accepted_at || invitation.revoked_at || invitation.expires_at <= now) return undefined;
  return { ...invitation, accountExists: !!(await findAccountByEmail(services.db, invitation.email)) };
}

export type AcceptInvitationResult =
  | { ok: true; created: boolean }
  | { ok: false; reason: 'invalid' | 'other-account' | 'account-exists' }
  | { ok: false; reason: 'password'; message: string };

/**
 * The invited person answers. Signed in (with a password or ProConnect) with the invited address: the role is
 * theirs. Not signed in and new to the platform: an account is made with the password they chose. The link then
 * stops working; the administrators' audit log records who joined.
 */
export async function acceptInvitation(
  services: Services,
  options: {
    commune: ResolvedTenant;
    token: string;
    user: CurrentUser | null;
    newAccount?: { password: string };
    ip: string;
  },
): Promise<AcceptInvitationResult> {
  const { commune } = options;
  const invitation = await findLiveInvitation(services, commune, options.token);
  if (!invitation) return { ok: false, reason: 'invalid' };
  const now = services.clock.now();
  let userId: string;
  let created = false;
  if (options.user) {
    if (options.user.email.toLowerCase() !== invitation.email.toLowerCase())
      return { ok: false, reason: 'other-account' };
    userId = options.user.id;
  } else {
    if (invitation.accountExists) return { ok: false, reason: 'account-exists' };
    const password = options.newAccount?.password ?? '';
    const problem = passwordProblem(password, { email: invitation.email });
    if (problem) return { ok: false, reason: 'password', message: problem };
    // The account is the platform's, not the commune's: it is made outside the commune's scope.
    const account = await services.db.transaction().execute((trx) =>
      createInvitedAccount(trx, {
        email: invitation.email,
        displayName: invitation.display_name,
        password,
        at: now,
        ip: options.ip,
        invitedTo: commune.id,
      }),
    );
    userId = account.id;
    created = true;
  }
  const accepted = await withTenant(services.db, commune.id, async (trx) => {
    if (!(await markInvitationAccepted(trx, invitation.id, userId, now))) return false;
    await grantRole(trx, { userId, tenantId: commune.id, role: invitation.role });
    await recordAudit(trx, {
      actor: { userId, label: invitation.email, ip: options.ip },
      tenantId: commune.id,
      action: 'tenant.agent.join',
      target: { type: 'user_account', id: userId },
      details: { invitation: invitation.id, role: invitation.role },
      at: now,
    });
    return true;
  });
  return accepted ? { ok: true, created } : { ok: false, reason: 'invalid' };
}
