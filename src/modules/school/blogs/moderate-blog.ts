import { type AuditActor, recordAudit } from '../../../platform/audit/audit.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { SpaceMember } from '../members.repo.ts';
import type { School } from '../school.tables.ts';
import { blogRights } from './blog-rights.ts';
import { moderate } from './blogs.repo.ts';

/** A moderator publishes or rejects a pending post or comment of their blog; audited. */
export async function moderateBlogItem(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    groupId: string | null;
    moderator: SpaceMember;
    item: { kind: 'post' | 'comment'; id: string };
    publish: boolean;
    actor: AuditActor;
  },
): Promise<boolean> {
  if (!blogRights(options.moderator, options.groupId).moderate) return false;
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const done = await moderate(
      trx,
      { ...options.item, schoolId: options.school.id, groupId: options.groupId },
      { status: options.publish ? 'published' : 'rejected', by: options.actor.label, at },
    );
    if (done)
      await recordAudit(trx, {
        actor: options.actor,
        tenantId: trx.tenantId,
        action: options.publish ? 'school.blog_item_published' : 'school.blog_item_rejected',
        target: {
          type: options.item.kind === 'post' ? 'school_blog_post' : 'school_blog_comment',
          id: options.item.id,
        },
        at,
      });
    return done;
  });
}
