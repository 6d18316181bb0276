import type { Profile } from '../school/index.ts';

/**
 * Who may do what in the classes' spaces (issue 22 §4–§6), as pure rules over a member's profile and groups (a
 * parent's groups are their children's). Decisions where the issue is silent:
 * - a class's homework log and register are kept by the teachers who belong to the class, and by the school's head
 *   and administrators (who may stand in);
 * - the school's staff (vie scolaire) and its managers see every class and record the reasons of absences;
 * - pupils and parents see the published entries of their (children's) classes only, and only their own (children's)
 *   absences.
 */
export type Member = { profile: Profile; groupIds: readonly string[] };

const manages = (p: Profile) => p === 'head' || p === 'school_admin';

/** Whether a member sees a class's space at all (its published log, news and projects). */
export function maySeeClass(member: Member, groupId: string): boolean {
  return manages(member.profile) || member.profile === 'staff' || member.groupIds.includes(groupId);
}

/** Whether a member writes a class's log, takes its register and posts its news. */
export function mayTeachClass(member: Member, groupId: string): boolean {
  return manages(member.profile) || (member.profile === 'teacher' && member.groupIds.includes(groupId));
}

/** The school's life office (vie scolaire): every absence of the school, their reasons, the export. */
export function mayFollowAttendance(member: Member): boolean {
  return manages(member.profile) || member.profile === 'staff';
}

/** Whether a member may start a cultural project for the school's classes. */
export function mayStartProject(member: Member): boolean {
  return manages(member.profile) || member.profile === 'teacher';
}
