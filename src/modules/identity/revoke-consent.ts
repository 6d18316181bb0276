import { recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { revokeConsents } from './consents.repo.ts';
import { destroyGrants, listGrantIds } from './oidc/oidc-store.repo.ts';

/**
 * The citizen withdraws a consent from their account page. The client's grants, and with them every code,
 * access token and refresh token it holds for this citizen, end at once; its next request asks again.
 */
export async function revokeConsent(
  services: Services,
  options: { userId: string; clientId: string; ip: string; label: string },
): Promise<boolean> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const revoked = await revokeConsents(trx, options.userId, options.clientId, now);
    if (revoked === 0) return false;
    await destroyGrants(trx, await listGrantIds(trx, options.userId, options.clientId));
    await recordAudit(trx, {
      actor: { userId: options.userId, label: options.label, ip: options.ip },
      tenantId: null,
      action: 'identity.consent.revoke',
      target: { type: 'oidc_client', id: options.clientId },
      at: now,
    });
    return true;
  });
}
