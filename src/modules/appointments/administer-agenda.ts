import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { type TenantTransaction, withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findAgenda } from './agenda.repo.ts';
import type { Agenda } from './appointments.tables.ts';

/**
 * The frame of every administrator's change to an agenda: in the agenda's tenant, on an agenda of that tenant
 * (another's is "not found"), and recorded in the audit log in the same transaction as the change.
 */
export async function administerAgenda<T>(
  services: Services,
  tenant: ResolvedTenant,
  actor: AuditActor,
  agendaId: string,
  change: {
    action: string;
    apply: (trx: TenantTransaction, agenda: Agenda) => Promise<{ result: T; details: Record<string, unknown> }>;
  },
): Promise<T | undefined> {
  const now = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    const agenda = await findAgenda(trx, agendaId);
    if (!agenda) return undefined;
    const { result, details } = await change.apply(trx, agenda);
    await recordAudit(trx, {
      actor,
      tenantId: tenant.id,
      action: change.action,
      target: { type: 'agenda', id: agenda.id },
      details,
      at: now,
    });
    return result;
  });
}
