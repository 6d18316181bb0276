import { findAccountByEmail } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { gruRequestPath } from '../requests/index.ts';
import { insertNotifications, listLatest } from './notifications.repo.ts';

/**
 * The demo citizen's notifications come from the requests demo (its step and its message go through the bell like
 * any other); the Metropolis's agent gets one about that request, so both bells show something.
 */
export async function seedNotificationsDemo(services: Services): Promise<void> {
  const citizen = await findAccountByEmail(services.db, 'citoyen@example.org');
  const agent = await findAccountByEmail(services.db, 'agent.metropole@example.org');
  if (!citizen || !agent) return;
  const about = (await listLatest(services.db, citizen.id, 1))[0];
  if (!about?.request_id) return;
  const holder = await services.tenants.byId(about.tenant_id);
  if (!holder) return;
  await withTenant(services.db, holder.id, (trx) =>
    insertNotifications(trx, {
      tenantId: holder.id,
      userIds: [agent.id],
      kind: 'deadline',
      requestId: about.request_id,
      title: 'Une demande de composteur attend une suite depuis plusieurs jours (démonstration)',
      path: gruRequestPath(holder, about.request_id ?? ''),
      dedupeKey: 'demo:agent-deadline',
      at: services.clock.now(),
    }),
  );
}
