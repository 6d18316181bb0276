import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { SchoolViewer } from '../school/index.ts';
import { setReason } from './attendance.repo.ts';
import { mayFollowAttendance } from './classroom-rights.ts';

/** The school's life office records why a pupil was absent or late (a parent's note, a medical appointment…). */
export async function recordReason(
  services: Services,
  options: { viewer: SchoolViewer; markId: string; reason: string; actor: AuditActor },
): Promise<boolean> {
  if (!mayFollowAttendance(options.viewer)) return false;
  const at = services.clock.now();
  return withTenant(services.db, options.viewer.school.tenant_id, async (trx) => {
    if (
      !(await setReason(trx, options.viewer.school.id, options.markId, {
        text: options.reason,
        by: options.actor.label,
      }))
    )
      return false;
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'classroom.reason_recorded',
      target: { type: 'classroom_mark', id: options.markId },
      at,
    });
    return true;
  });
}
