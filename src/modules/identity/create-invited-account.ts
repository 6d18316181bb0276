import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { insertAccount } from '../../platform/auth/accounts.repo.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { UserAccount } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import { recordVerifiedEmail } from './identity.repo.ts';

/**
 * An account for someone who followed an invitation sent to their address (an agent joining a commune): the link
 * proves the address, so it is verified at once. Runs in the caller's transaction, with the role it grants.
 */
export async function createInvitedAccount(
  trx: Executor,
  options: { email: string; displayName: string; password: string; at: Date; ip: string; invitedTo: string },
): Promise<UserAccount> {
  const { at } = options;
  const created = await insertAccount(trx, {
    email: options.email,
    displayName: options.displayName,
    passwordHash: await hashPassword(options.password),
    at,
  });
  await recordVerifiedEmail(trx, created.id, created.email, at);
  await recordAudit(trx, {
    actor: { userId: created.id, label: created.email, ip: options.ip },
    tenantId: null,
    action: 'identity.account.create',
    target: { type: 'user_account', id: created.id },
    details: { via: 'invitation', tenantId: options.invitedTo },
    at,
  });
  return created;
}
