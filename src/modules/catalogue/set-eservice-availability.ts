import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findEServiceById, setEServiceStatus } from './catalogue.repo.ts';
import { forgetCachedEServices } from './resolve-eservice.ts';
import { forgetCachedThemes } from './search-eservices.ts';

export type SetAvailabilityOptions = {
  tenant: ResolvedTenant;
  actor: AuditActor;
  eserviceId: string;
  online: boolean;
  /** Shown to citizens on the service's page while it is offline. */
  message: string | null;
};

/**
 * Takes one of the provider's published e-services offline or back online. Offline, it leaves the catalogue's
 * search, its page says why, and no request can start; requests already made go on as before.
 */
export async function setEServiceAvailability(
  services: Services,
  options: SetAvailabilityOptions,
): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
  const at = services.clock.now();
  const result = await withTenant(services.db, options.tenant.id, async (trx) => {
    const eservice = await findEServiceById(trx, options.eserviceId);
    if (!eservice || eservice.tenant_id !== options.tenant.id || !eservice.published_form_version_id)
      return { ok: false as const, reason: 'not-found' as const };
    await setEServiceStatus(trx, eservice.id, {
      status: options.online ? 'published' : 'closed',
      message: options.online ? null : options.message,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.tenant.id,
      action: options.online ? 'eservice.online' : 'eservice.offline',
      target: { type: 'eservice', id: eservice.id },
      details: { slug: eservice.slug, ...(options.online ? {} : { message: options.message }) },
      at,
    });
    return { ok: true as const };
  });
  forgetCachedEServices();
  forgetCachedThemes(services);
  return result;
}
