import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { AgentAccess } from './backoffice-access.ts';
import { insertInboxView } from './backoffice.repo.ts';
import { type InboxQuery, viewQuery } from './inbox-query.ts';

export type SaveInboxViewOptions = { name: string; query: InboxQuery; shared: boolean };

/** An agent names the listing they are looking at, for themselves or shared with their colleagues. */
export async function saveInboxView(services: Services, access: AgentAccess, options: SaveInboxViewOptions) {
  const at = services.clock.now();
  await withTenant(services.db, access.holder.id, async (trx) => {
    const view = await insertInboxView(trx, {
      ownerUserId: access.user.id,
      name: options.name,
      query: viewQuery(options.query),
      shared: options.shared,
      at,
    });
    await recordAudit(trx, {
      actor: access.actor,
      tenantId: access.holder.id,
      action: 'inbox.view.save',
      target: { type: 'inbox_view', id: view.id },
      details: { name: options.name, shared: view.shared },
      at,
    });
  });
}
