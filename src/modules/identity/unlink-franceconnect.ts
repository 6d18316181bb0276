import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import type { Services } from '../../platform/services.ts';
import { deleteLink } from './federation/federation.repo.ts';
import { uncertifyAttributes } from './identity.repo.ts';

/**
 * Unlinking FranceConnect un-certifies what it certified (the values stay, as declared). An account without a
 * password would be left with no way in: it must set one first.
 */
export async function unlinkFranceConnect(
  services: Services,
  options: { userId: string; ip: string },
): Promise<{ ok: true } | { ok: false; reason: 'no_password' | 'not_linked' }> {
  const account = await findAccountById(services.db, options.userId);
  if (!account) return { ok: false, reason: 'not_linked' };
  if (!account.password_hash) return { ok: false, reason: 'no_password' };
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    if ((await deleteLink(trx, options.userId, 'franceconnect')) === 0)
      return { ok: false, reason: 'not_linked' } as const;
    await uncertifyAttributes(trx, options.userId, now);
    await recordAudit(trx, {
      actor: { userId: account.id, label: account.email, ip: options.ip },
      tenantId: null,
      action: 'identity.franceconnect.unlink',
      target: { type: 'user_account', id: account.id },
      at: now,
    });
    return { ok: true } as const;
  });
}
