import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findEServiceById, setTurnkey } from './catalogue.repo.ts';

/**
 * Operators put one of the metropolis's own published services in the Abonné communes' catalogue, or take it out
 * (communes that picked it keep their instance). A mutualised service already serves every commune: it is no model.
 */
export async function curateTurnkey(
  services: Services,
  options: { metropoleId: string; actor: AuditActor; eserviceId: string; turnkey: boolean },
): Promise<{ ok: true } | { ok: false }> {
  const at = services.clock.now();
  return withTenant(services.db, options.metropoleId, async (trx) => {
    const eservice = await findEServiceById(trx, options.eserviceId);
    if (
      !eservice ||
      eservice.tenant_id !== options.metropoleId ||
      eservice.mutualised ||
      eservice.status !== 'published' ||
      eservice.model_eservice_id
    )
      return { ok: false as const };
    await setTurnkey(trx, eservice.id, options.turnkey, at);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.metropoleId,
      action: options.turnkey ? 'eservice.turnkey.offer' : 'eservice.turnkey.withdraw',
      target: { type: 'eservice', id: eservice.id },
      details: { slug: eservice.slug },
      at,
    });
    return { ok: true as const };
  });
}
