import type { SpaceMember } from '../members.repo.ts';
import type { Profile } from '../school.tables.ts';

type Party = Pick<SpaceMember, 'personId' | 'schoolId' | 'profile' | 'groupIds' | 'childGroupIds'>;

/** The adults who run the school: any pupil or parent may write to them. */
const RUNS_SCHOOL: readonly Profile[] = ['head', 'school_admin', 'staff'];
const shares = (a: readonly string[], b: readonly string[]) => a.some((id) => b.includes(id));

/**
 * Who may write to whom (issue 22 §1). Nobody writes outside their school: a school's messaging holds its own
 * members only, and the metropolis's operators act on it by suspending it, never by writing in it.
 *
 * | from \ to      | pupil            | parent | teacher                        | staff, head, school admin |
 * |----------------|------------------|--------|--------------------------------|---------------------------|
 * | pupil          | no               | no     | yes if they share a class/group| yes                       |
 * | parent         | no               | no     | yes if they teach a child's class/group | yes              |
 * | teacher        | yes              | yes    | yes                            | yes                       |
 * | staff, head, school admin | yes   | yes    | yes                            | yes                       |
 *
 * Pupils write neither to other pupils nor to parents: in March 2024 threats went out through hijacked pupil accounts
 * of ENT messaging, and the ministry asked that pupils' sending be restricted to the school's staff. Nobody writes to
 * themselves.
 */
export function maySend(from: Party, to: Party): boolean {
  if (from.schoolId !== to.schoolId || from.personId === to.personId) return false;
  switch (from.profile) {
    case 'teacher':
    case 'staff':
    case 'head':
    case 'school_admin':
      return true;
    case 'pupil':
      return RUNS_SCHOOL.includes(to.profile) || (to.profile === 'teacher' && shares(from.groupIds, to.groupIds));
    case 'parent':
      return RUNS_SCHOOL.includes(to.profile) || (to.profile === 'teacher' && shares(from.childGroupIds, to.groupIds));
  }
}
