import type { SpaceMember } from '../members.repo.ts';
import type { Profile } from '../school.tables.ts';

export type Publication = 'direct' | 'moderated' | null;
export type BlogRights = { read: boolean; post: Publication; comment: Publication; moderate: boolean };

const ADULTS: readonly Profile[] = ['teacher', 'staff', 'head', 'school_admin'];
const MANAGERS: readonly Profile[] = ['head', 'school_admin'];

/**
 * What a member may do on a blog of their school (issue 22 §2): the school's blog (`groupId` null) or a class's.
 *
 * - Reading: the school's blog, every member; a class's blog, the school's adults, the class's pupils and their parents.
 * - Posts: the school's blog, its adults; a class's blog, its teachers and the school's managers; the class's pupils
 *   propose posts that wait for a teacher's moderation. Parents never post.
 * - Comments: adults publish at once; pupils and parents who may read the blog comment under moderation.
 * - Moderation: the school's head and administrators everywhere; a class's teachers on their class's blog.
 */
export function blogRights(
  viewer: Pick<SpaceMember, 'profile' | 'groupIds' | 'childGroupIds'>,
  groupId: string | null,
): BlogRights {
  const adult = ADULTS.includes(viewer.profile);
  const manager = MANAGERS.includes(viewer.profile);
  const inClass = groupId !== null && viewer.groupIds.includes(groupId);
  const parentOfClass = groupId !== null && viewer.childGroupIds.includes(groupId);
  const read = groupId === null || adult || inClass || parentOfClass;
  if (!read) return { read: false, post: null, comment: null, moderate: false };
  const teacherOfClass = viewer.profile === 'teacher' && inClass;
  const post: Publication =
    groupId === null
      ? adult
        ? 'direct'
        : null
      : manager || teacherOfClass
        ? 'direct'
        : viewer.profile === 'pupil' && inClass
          ? 'moderated'
          : null;
  return {
    read,
    post,
    comment: adult ? 'direct' : 'moderated',
    moderate: manager || (groupId !== null && teacherOfClass),
  };
}
