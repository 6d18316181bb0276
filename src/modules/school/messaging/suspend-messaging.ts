import { type AuditActor, recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { School } from '../school.tables.ts';
import { setGlobalSuspension, setSchoolSuspension } from './messaging.repo.ts';

/**
 * The kill switch of one school's messaging, turned by its head or administrator: sending stops at once (every
 * sending reads it), reading stays possible. Audited either way.
 */
export async function switchSchoolMessaging(
  services: Services,
  options: { school: Pick<School, 'id' | 'tenant_id'>; suspend: boolean; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const changed = await setSchoolSuspension(
      trx,
      options.school.id,
      options.suspend ? { at, by: options.actor.label } : null,
    );
    if (changed)
      await recordAudit(trx, {
        actor: options.actor,
        tenantId: trx.tenantId,
        action: options.suspend ? 'school.messaging_suspended' : 'school.messaging_restored',
        target: { type: 'school', id: options.school.id },
        at,
      });
    return changed;
  });
}

/** The metropolis's kill switch: every school's sending stops at once, until an operator restores it. */
export async function switchAllMessaging(
  services: Services,
  options: { suspend: boolean; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const changed = await setGlobalSuspension(trx, options.suspend ? { at, by: options.actor.label } : null);
    if (changed)
      await recordAudit(trx, {
        actor: options.actor,
        tenantId: null,
        action: options.suspend ? 'school.messaging_suspended_everywhere' : 'school.messaging_restored_everywhere',
        at,
      });
    return changed;
  });
}
