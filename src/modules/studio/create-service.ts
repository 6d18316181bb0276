import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findEServiceOfTenant, isTurnkeyInstance } from '../catalogue/index.ts';
import type { ServiceDraft } from './service-draft.ts';
import type { StudioActor } from './studio-access.ts';
import { findStudioServiceBySlug, insertRevision, insertStudioService } from './studio.repo.ts';

/**
 * A new service in the studio (its first draft version), or a new draft version of the service that already has this
 * address when `replace` is set (an import over an earlier one). Audited.
 */
export async function createStudioService(
  services: Services,
  access: StudioActor,
  input: { slug: string; draft: ServiceDraft; note: string; replace?: boolean },
): Promise<{ ok: true; id: string } | { ok: false; reason: 'slug-taken' | 'turnkey' }> {
  const at = services.clock.now();
  return withTenant(services.db, access.tenant.id, async (trx) => {
    // A commune that became Partenaire may still hold turnkey instances until its transfer is executed: their address
    // is the metropolis's model's, and nothing built here may be published over them.
    const eservice = await findEServiceOfTenant(trx, access.tenant.id, input.slug);
    if (eservice && isTurnkeyInstance(eservice)) return { ok: false as const, reason: 'turnkey' as const };
    const existing = await findStudioServiceBySlug(trx, input.slug);
    if (existing && !input.replace) return { ok: false as const, reason: 'slug-taken' as const };
    const service = existing ?? (await insertStudioService(trx, input.slug, at));
    const revision = await insertRevision(trx, {
      serviceId: service.id,
      content: input.draft,
      note: input.note,
      at,
      by: access.actor.label,
    });
    await recordAudit(trx, {
      actor: access.actor,
      tenantId: access.tenant.id,
      action: existing ? 'studio.import' : 'studio.create',
      target: { type: 'studio_service', id: service.id },
      details: { slug: input.slug, version: revision.number, note: input.note },
      at,
    });
    return { ok: true as const, id: service.id };
  });
}
