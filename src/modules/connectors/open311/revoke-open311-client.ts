import { type AuditActor, recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { findOpen311Client, revokeOpen311Client } from './open311-clients.repo.ts';

/**
 * Revokes one of the tenant's Open311 clients: from then on our server refuses its key (403, as an unknown key).
 * Another tenant's client is not found (its scope cannot see it); revoking twice changes nothing and is not audited
 * twice.
 */
export async function revokeOpen311ClientOf(
  services: Services,
  options: { tenant: ResolvedTenant; clientId: string; actor: AuditActor },
): Promise<{ ok: true; name: string; alreadyRevoked: boolean } | { ok: false }> {
  const at = services.clock.now();
  return withTenant(services.db, options.tenant.id, async (trx) => {
    const revoked = await revokeOpen311Client(trx, options.clientId, at);
    if (!revoked) {
      const existing = await findOpen311Client(trx, options.clientId);
      return existing ? { ok: true as const, name: existing.name, alreadyRevoked: true } : { ok: false as const };
    }
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenant.id,
      action: 'open311.client.revoke',
      target: { type: 'open311_client', id: revoked.id },
      details: { name: revoked.name },
      at,
    });
    return { ok: true as const, name: revoked.name, alreadyRevoked: false };
  });
}
