import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { type ServiceDraft, ZServiceDraft } from './service-draft.ts';
import type { StudioActor } from './studio-access.ts';
import { findStudioService, insertRevision, latestRevision } from './studio.repo.ts';

export type DraftChange = { draft: ServiceDraft; note: string } | { error: string };

/**
 * Every save of the builder is a new draft version of the whole service, made from the latest one by `change`
 * (inside the transaction, so two administrators' saves apply one after the other, neither lost) and audited.
 */
export async function saveDraft(
  services: Services,
  access: StudioActor,
  serviceId: string,
  change: (current: ServiceDraft) => DraftChange,
): Promise<{ ok: true; number: number } | { ok: false; reason: 'not-found' } | { ok: false; error: string }> {
  const at = services.clock.now();
  return withTenant(services.db, access.tenant.id, async (trx) => {
    const service = await findStudioService(trx, serviceId);
    if (!service) return { ok: false as const, reason: 'not-found' as const };
    const current = ZServiceDraft.parse((await latestRevision(trx, service.id)).content);
    const changed = change(current);
    if ('error' in changed) return { ok: false as const, error: changed.error };
    const parsed = ZServiceDraft.safeParse(changed.draft);
    if (!parsed.success)
      return { ok: false as const, error: parsed.error.issues[0]?.message ?? 'Modification refusée.' };
    const revision = await insertRevision(trx, {
      serviceId: service.id,
      content: parsed.data,
      note: changed.note,
      at,
      by: access.actor.label,
    });
    await recordAudit(trx, {
      actor: access.actor,
      tenantId: access.tenant.id,
      action: 'studio.save',
      target: { type: 'studio_service', id: service.id },
      details: { slug: service.slug, version: revision.number, note: changed.note },
      at,
    });
    return { ok: true as const, number: revision.number };
  });
}
