import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { SchoolViewer } from '../school/index.ts';
import { mayTeachClass } from './classroom-rights.ts';
import { findSession, insertSession, type SessionFields, setPublished } from './log.repo.ts';

/** Writes a session in a class's homework log (its content, its homework and when it is due), published or not. */
export async function writeSession(
  services: Services,
  options: { viewer: SchoolViewer; groupId: string; session: SessionFields; actor: AuditActor },
): Promise<string | 'refused'> {
  if (!mayTeachClass(options.viewer, options.groupId)) return 'refused';
  const at = services.clock.now();
  return withTenant(services.db, options.viewer.school.tenant_id, async (trx) => {
    const id = await insertSession(trx, {
      ...options.session,
      schoolId: options.viewer.school.id,
      groupId: options.groupId,
      author: options.actor.label,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'classroom.session_written',
      target: { type: 'classroom_session', id },
      details: { subject: options.session.subject, published: options.session.published },
      at,
    });
    return id;
  });
}

/** Publishes a session to the class's pupils and parents, or takes it back. */
export async function setSessionPublication(
  services: Services,
  options: { viewer: SchoolViewer; sessionId: string; published: boolean; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.viewer.school.tenant_id, async (trx) => {
    const session = await findSession(trx, options.viewer.school.id, options.sessionId);
    if (!session || !mayTeachClass(options.viewer, session.group_id)) return false;
    await setPublished(trx, session.id, options.published, at);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: options.published ? 'classroom.session_published' : 'classroom.session_unpublished',
      target: { type: 'classroom_session', id: session.id },
      at,
    });
    return true;
  });
}
