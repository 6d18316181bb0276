import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listChildren, listDirectory, listGroups, type SchoolViewer } from '../school/index.ts';
import { listMarks, type MarkLine } from './attendance.repo.ts';
import { mayFollowAttendance } from './classroom-rights.ts';

export type AbsenceLine = MarkLine & { pupilName: string; className: string };

/**
 * The absences and lateness a member may see: the whole school for its life office and managers, a teacher's
 * classes, a pupil's own, a parent's children's — never another pupil's.
 */
export async function loadAbsences(
  services: Services,
  viewer: SchoolViewer,
): Promise<{ follows: boolean; lines: AbsenceLine[] }> {
  const follows = mayFollowAttendance(viewer);
  return withTenant(services.db, viewer.school.tenant_id, async (trx) => {
    const schoolId = viewer.school.id;
    const filter = follows
      ? {}
      : viewer.profile === 'teacher'
        ? { groupIds: viewer.groupIds }
        : viewer.profile === 'parent'
          ? { pupilIds: (await listChildren(trx, schoolId, viewer.personId)).map((c) => c.personId) }
          : { pupilIds: [viewer.personId] };
    const [marks, people, groups] = await Promise.all([
      listMarks(trx, schoolId, filter),
      listDirectory(trx, schoolId),
      listGroups(trx, schoolId),
    ]);
    const names = new Map(people.map((p) => [p.personId, `${p.lastName} ${p.firstName}`]));
    const classes = new Map(groups.map((g) => [g.id, g.name]));
    return {
      follows,
      lines: marks.map((m) => ({
        ...m,
        pupilName: names.get(m.pupil_id) ?? 'Élève parti',
        className: classes.get(m.groupId) ?? '',
      })),
    };
  });
}
