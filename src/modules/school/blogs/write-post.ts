import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { SpaceMember } from '../members.repo.ts';
import type { School } from '../school.tables.ts';
import { blogRights } from './blog-rights.ts';
import { insertPost } from './blogs.repo.ts';

/** A post on a blog: published at once or held for moderation, as the author's rights on that blog say. */
export async function writePost(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    groupId: string | null;
    author: SpaceMember;
    title: string;
    body: string;
  },
): Promise<'published' | 'pending' | 'refused'> {
  const rights = blogRights(options.author, options.groupId);
  if (!rights.post) return 'refused';
  const status = rights.post === 'direct' ? 'published' : 'pending';
  await withTenant(services.db, options.school.tenant_id, (trx) =>
    insertPost(trx, {
      schoolId: options.school.id,
      groupId: options.groupId,
      authorId: options.author.personId,
      title: options.title,
      body: options.body,
      status,
      at: services.clock.now(),
    }),
  );
  return status;
}
