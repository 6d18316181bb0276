import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { PostKind } from './classroom.tables.ts';
import { insertPost } from './spaces.repo.ts';

/**
 * Publishes in a class's news or a project's space (instructions from the partners, the classes' work, resources).
 * The caller has checked the author's right to write there.
 */
export async function postInSpace(
  services: Services,
  options: {
    school: { id: string; tenant_id: string };
    space: { groupId: string } | { projectId: string };
    kind: PostKind;
    title: string;
    body: string;
    actor: AuditActor;
  },
): Promise<void> {
  const at = services.clock.now();
  await withTenant(services.db, options.school.tenant_id, async (trx) => {
    const groupId = 'groupId' in options.space ? options.space.groupId : null;
    const projectId = 'projectId' in options.space ? options.space.projectId : null;
    await insertPost(trx, {
      schoolId: options.school.id,
      groupId,
      projectId,
      kind: options.kind,
      title: options.title,
      body: options.body,
      author: options.actor.label,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'classroom.post_published',
      target: groupId ? { type: 'school_group', id: groupId } : { type: 'classroom_project', id: projectId ?? '' },
      details: { kind: options.kind, title: options.title },
      at,
    });
  });
}
