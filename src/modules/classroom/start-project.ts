import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listGroups, type SchoolViewer } from '../school/index.ts';
import { mayStartProject, mayTeachClass } from './classroom-rights.ts';
import { insertProject } from './spaces.repo.ts';

/**
 * Starts a cultural project (a classe culturelle numérique) shared by several classes of the school: a teacher brings
 * classes of their own, the head any class. Partners are added afterwards.
 */
export async function startProject(
  services: Services,
  options: {
    viewer: SchoolViewer;
    title: string;
    description: string;
    groupIds: readonly string[];
    actor: AuditActor;
  },
): Promise<string | 'refused'> {
  const { viewer } = options;
  if (!mayStartProject(viewer) || !options.groupIds.every((g) => mayTeachClass(viewer, g))) return 'refused';
  const at = services.clock.now();
  return withTenant(services.db, viewer.school.tenant_id, async (trx) => {
    const groups = await listGroups(trx, viewer.school.id);
    if (!options.groupIds.every((id) => groups.some((g) => g.id === id))) return 'refused';
    const id = await insertProject(trx, {
      schoolId: viewer.school.id,
      title: options.title,
      description: options.description,
      groupIds: [...new Set(options.groupIds)],
      by: options.actor.label,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'classroom.project_started',
      target: { type: 'classroom_project', id },
      details: { title: options.title, classes: options.groupIds.length },
      at,
    });
    return id;
  });
}
