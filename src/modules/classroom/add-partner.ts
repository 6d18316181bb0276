import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { addPartner } from './spaces.repo.ts';

/**
 * Opens a project to an outside partner (an artist, a museum's mediator), known by the address of the platform
 * account they sign in with. The caller has checked the right to manage the project.
 */
export async function addProjectPartner(
  services: Services,
  options: {
    school: { tenant_id: string };
    projectId: string;
    name: string;
    email: string;
    actor: AuditActor;
  },
): Promise<void> {
  const at = services.clock.now();
  await withTenant(services.db, options.school.tenant_id, async (trx) => {
    await addPartner(trx, { projectId: options.projectId, name: options.name, email: options.email, at });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'classroom.partner_added',
      target: { type: 'classroom_project', id: options.projectId },
      details: { email: options.email },
      at,
    });
  });
}
