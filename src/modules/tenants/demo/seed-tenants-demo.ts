import { findAccountByEmail } from '../../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import { inviteAgent } from '../invite-agent.ts';

const DEMO_INVITEE = { email: 'nouvel.agent.givors@example.org', displayName: 'Alix Nouvel' };

/**
 * Givors's administrators find an invitation waiting on their agents' page (the e-mail is in the development
 * outbox). Left alone once it exists, whatever became of it.
 */
export async function seedTenantsDemo(services: Services): Promise<void> {
  const givors = await services.tenants.bySlug('givors');
  if (!givors) return;
  const existing = await withTenant(services.db, givors.id, (trx) =>
    trx.selectFrom('agent_invitation').select('id').where('email', '=', DEMO_INVITEE.email).executeTakeFirst(),
  );
  if (existing) return;
  // The demo administrator sends it, so the e-mail and the audit trail read as they would in real use.
  const admin = await findAccountByEmail(services.db, 'admin.givors@example.org');
  const actor = { userId: admin?.id ?? null, label: admin?.display_name ?? 'Administrateur de Givors', ip: null };
  await inviteAgent(services, { commune: givors, actor, role: 'agent', ...DEMO_INVITEE });
}
