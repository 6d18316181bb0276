import { recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { findKnownSubjects } from './consents.repo.ts';
import { updateIdentityAccounts } from './identity.repo.ts';

/**
 * A service says these citizens still use it. Their inactivity clock restarts and any warning is lifted. Only the
 * client's own subs count (citizens who consented to it); others come back as unknown.
 */
export async function keepAlive(
  services: Services,
  options: { clientId: string; subs: string[] },
): Promise<{ kept_alive: number; unknown: string[] }> {
  const known = await findKnownSubjects(services.db, options.clientId, options.subs);
  const userIds = [...new Set(known.values())];
  const now = services.clock.now();
  if (userIds.length) {
    await services.db.transaction().execute(async (trx) => {
      await updateIdentityAccounts(trx, userIds, { last_keepalive_at: now, inactivity_warned_at: null });
      await recordAudit(trx, {
        actor: { userId: null, label: `client ${options.clientId}`, ip: null },
        tenantId: null,
        action: 'identity.keepalive',
        target: { type: 'oidc_client', id: options.clientId },
        details: { accounts: userIds.length },
        at: now,
      });
    });
  }
  return { kept_alive: userIds.length, unknown: options.subs.filter((s) => !known.has(s)) };
}
