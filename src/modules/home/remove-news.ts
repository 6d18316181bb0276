import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { deleteNews } from './news.repo.ts';

/** A commune's administrator withdraws one of its news items; false when it names none of this commune's. */
export async function removeCommuneNews(
  services: Services,
  tenant: ResolvedTenant,
  id: string,
  actor: AuditActor,
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    const removed = await deleteNews(trx, id);
    if (!removed) return false;
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: 'home.news.remove',
      target: { type: 'home_news', id },
      details: { title: removed.title },
      at,
    });
    return true;
  });
}
