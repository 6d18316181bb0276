import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import {
  type GroupPerson,
  listChildren,
  listGroupPeople,
  listGroups,
  type SchoolGroup,
  type SchoolViewer,
} from '../school/index.ts';
import { listSessionMarks } from './attendance.repo.ts';
import { maySeeClass, mayTeachClass } from './classroom-rights.ts';
import type { ClassSession, Mark, Post } from './classroom.tables.ts';
import { findSession, listSessions } from './log.repo.ts';
import { listPosts, listProjects } from './spaces.repo.ts';

/**
 * The classes a member may open: a teacher's own, a pupil's, a parent's children's (each named), all of them for the
 * school's staff and managers.
 */
export async function loadClasses(
  services: Services,
  viewer: SchoolViewer,
): Promise<{ classes: SchoolGroup[]; children: Array<{ name: string; groupIds: string[] }> }> {
  return withTenant(services.db, viewer.school.tenant_id, async (trx) => {
    const groups = await listGroups(trx, viewer.school.id);
    const children =
      viewer.profile === 'parent'
        ? (await listChildren(trx, viewer.school.id, viewer.personId)).map((c) => ({
            name: `${c.firstName} ${c.lastName}`,
            groupIds: c.groupIds,
          }))
        : [];
    return { classes: groups.filter((g) => maySeeClass(viewer, g.id)), children };
  });
}

export type ClassPage = {
  teaches: boolean;
  sessions: ClassSession[];
  news: Post[];
  pupils: GroupPerson[];
  projects: Array<{ id: string; title: string }>;
};

/** A class's space: its log (published entries only, unless the viewer keeps it), its news, its projects. */
export async function loadClass(services: Services, viewer: SchoolViewer, groupId: string): Promise<ClassPage> {
  const teaches = mayTeachClass(viewer, groupId);
  return withTenant(services.db, viewer.school.tenant_id, async (trx) => {
    const [sessions, news, people, projects] = await Promise.all([
      listSessions(trx, groupId, { publishedOnly: !teaches }),
      listPosts(trx, { groupIds: [groupId] }),
      teaches ? listGroupPeople(trx, viewer.school.id, groupId) : Promise.resolve([]),
      listProjects(trx, viewer.school.id),
    ]);
    return {
      teaches,
      sessions,
      news,
      pupils: people.filter((p) => p.profile === 'pupil'),
      projects: projects.filter((p) => p.groupIds.includes(groupId)).map((p) => ({ id: p.id, title: p.title })),
    };
  });
}

/** A session's register as its teacher takes it: the class's pupils and the marks already recorded. */
export async function loadRegister(
  services: Services,
  viewer: SchoolViewer,
  sessionId: string,
): Promise<{ session: ClassSession; pupils: GroupPerson[]; marks: Mark[] } | undefined> {
  return withTenant(services.db, viewer.school.tenant_id, async (trx) => {
    const session = await findSession(trx, viewer.school.id, sessionId);
    if (!session || !mayTeachClass(viewer, session.group_id)) return undefined;
    const people = await listGroupPeople(trx, viewer.school.id, session.group_id);
    return {
      session,
      pupils: people.filter((p) => p.profile === 'pupil'),
      marks: await listSessionMarks(trx, session.id),
    };
  });
}
