import { withTenant } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { SpaceMember } from '../members.repo.ts';
import type { School } from '../school.tables.ts';
import { blogRights } from './blog-rights.ts';
import { findPost, insertComment } from './blogs.repo.ts';

/** A comment under a published post: published at once for the school's adults, held for moderation otherwise. */
export async function commentPost(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    groupId: string | null;
    postId: string;
    author: SpaceMember;
    body: string;
  },
): Promise<'published' | 'pending' | 'not_found'> {
  const rights = blogRights(options.author, options.groupId);
  if (!rights.comment) return 'not_found';
  const status = rights.comment === 'direct' ? 'published' : 'pending';
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const post = await findPost(trx, options.school.id, options.groupId, options.postId);
    if (post?.status !== 'published') return 'not_found';
    await insertComment(trx, {
      postId: post.id,
      authorId: options.author.personId,
      body: options.body,
      status,
      at: services.clock.now(),
    });
    return status;
  });
}
