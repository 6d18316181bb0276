import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listGroups, type School, type SchoolViewer } from '../school/index.ts';
import { maySeeClass, mayTeachClass } from './classroom-rights.ts';
import type { Post } from './classroom.tables.ts';
import { listPartners, listPosts, listProjects, type ProjectWithClasses } from './spaces.repo.ts';

export type ProjectVisitor = { school: School; viewer: SchoolViewer | undefined; partnerOf: readonly string[] };

/** Whether someone sees a project: a partner of it, or a member who sees one of its classes. */
export function seesProject(visitor: ProjectVisitor, project: ProjectWithClasses): boolean {
  const { viewer } = visitor;
  return visitor.partnerOf.includes(project.id) || (!!viewer && project.groupIds.some((g) => maySeeClass(viewer, g)));
}

/** Whether someone writes in a project and manages its partners: a partner, or a teacher of one of its classes. */
export function runsProject(visitor: ProjectVisitor, project: ProjectWithClasses): boolean {
  const { viewer } = visitor;
  return visitor.partnerOf.includes(project.id) || (!!viewer && project.groupIds.some((g) => mayTeachClass(viewer, g)));
}

/** The school's projects this visitor sees, with the names of their classes. */
export async function loadProjects(
  services: Services,
  visitor: ProjectVisitor,
): Promise<{
  projects: Array<ProjectWithClasses & { classNames: string[] }>;
  classes: Array<{ id: string; name: string }>;
}> {
  return withTenant(services.db, visitor.school.tenant_id, async (trx) => {
    const [projects, groups] = await Promise.all([
      listProjects(trx, visitor.school.id),
      listGroups(trx, visitor.school.id),
    ]);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const { viewer } = visitor;
    return {
      projects: projects
        .filter((p) => seesProject(visitor, p))
        .map((p) => ({ ...p, classNames: p.groupIds.map((g) => names.get(g) ?? '') })),
      // The classes a new project may bring together: the ones this member teaches.
      classes: viewer ? groups.filter((g) => mayTeachClass(viewer, g.id)).map((g) => ({ id: g.id, name: g.name })) : [],
    };
  });
}

/** One project as this visitor sees it, with its partners and posts; undefined when they may not see it. */
export async function loadProject(
  services: Services,
  visitor: ProjectVisitor,
  projectId: string,
): Promise<
  | {
      project: ProjectWithClasses & { classNames: string[] };
      runs: boolean;
      partners: Array<{ name: string; email: string }>;
      posts: Post[];
    }
  | undefined
> {
  const { projects } = await loadProjects(services, visitor);
  const project = projects.find((p) => p.id === projectId);
  if (!project) return undefined;
  return withTenant(services.db, visitor.school.tenant_id, async (trx) => ({
    project,
    runs: runsProject(visitor, project),
    partners: await listPartners(trx, project.id),
    posts: await listPosts(trx, { projectId: project.id }),
  }));
}
