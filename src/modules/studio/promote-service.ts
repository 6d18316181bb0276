import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findEServiceOfTenant, isTurnkeyInstance, TURNKEY_LOCKED_MESSAGE } from '../catalogue/index.ts';
import { ZServiceDraft } from './service-draft.ts';
import { publishStudioService } from './publish-service.ts';
import type { StudioActor } from './studio-access.ts';
import {
  findStudioService,
  findStudioServiceBySlug,
  insertRevision,
  insertStudioService,
  latestPublishedRevision,
} from './studio.repo.ts';

export type PromoteResult =
  | { ok: true; productionServiceId: string; number: number }
  | { ok: false; reason: 'not-found' | 'not-tried' }
  | { ok: false; problems: string[] };

/**
 * Puts into production, in one step, the version of a service published (so tried) in a commune's test instance:
 * the same definition becomes a new version of the production studio's service of that address, published there at
 * once — its form and workflow become the production tenant's own frozen versions. Audited on the production tenant.
 */
export async function promoteToProduction(
  services: Services,
  access: StudioActor,
  serviceId: string,
): Promise<PromoteResult> {
  const { tenant } = access;
  if (!tenant.isTestInstance) return { ok: false, reason: 'not-found' };
  const production = await services.tenants.byId(tenant.production.id);
  if (!production) return { ok: false, reason: 'not-found' };
  const tried = await withTenant(services.db, tenant.id, async (trx) => {
    const service = await findStudioService(trx, serviceId);
    return service ? { service, revision: await latestPublishedRevision(trx, service.id) } : undefined;
  });
  if (!tried) return { ok: false, reason: 'not-found' };
  if (!tried.revision) return { ok: false, reason: 'not-tried' };
  const { service, revision } = tried;
  const at = services.clock.now();
  const target = await withTenant(services.db, production.id, async (trx) => {
    const eservice = await findEServiceOfTenant(trx, production.id, service.slug);
    if (eservice && isTurnkeyInstance(eservice)) return undefined;
    const existing = await findStudioServiceBySlug(trx, service.slug);
    const productionService = existing ?? (await insertStudioService(trx, service.slug, at));
    const copy = await insertRevision(trx, {
      serviceId: productionService.id,
      content: ZServiceDraft.parse(revision.content),
      note: `Mise en production de la version ${revision.number} essayée dans l’instance de test.`,
      at,
      by: access.actor.label,
    });
    await recordAudit(trx, {
      actor: access.actor,
      tenantId: production.id,
      action: 'studio.promote',
      target: { type: 'studio_service', id: productionService.id },
      details: { slug: service.slug, fromTestVersion: revision.number, version: copy.number },
      at,
    });
    return productionService;
  });
  if (!target) return { ok: false, problems: [TURNKEY_LOCKED_MESSAGE] };
  const published = await publishStudioService(services, {
    tenant: production,
    actor: access.actor,
    serviceId: target.id,
  });
  if (!published.ok) return 'problems' in published ? published : { ok: false, reason: 'not-found' };
  return { ok: true, productionServiceId: target.id, number: published.number };
}
