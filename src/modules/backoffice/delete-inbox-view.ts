import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { AgentAccess } from './backoffice-access.ts';
import { deleteInboxView as deleteView } from './backoffice.repo.ts';

/** Only its owner deletes a saved view; false when the agent has no view by this id. */
export async function deleteInboxView(services: Services, access: AgentAccess, id: string): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, access.holder.id, async (trx) => {
    const view = await deleteView(trx, id, access.user.id);
    if (!view) return false;
    await recordAudit(trx, {
      actor: access.actor,
      tenantId: access.holder.id,
      action: 'inbox.view.delete',
      target: { type: 'inbox_view', id },
      details: { name: view.name },
      at,
    });
    return true;
  });
}
