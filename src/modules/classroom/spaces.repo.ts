import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Post, PostKind, Project } from './classroom.tables.ts';

// The classes' news and the cultural projects: their classes, partners and posts.

export async function insertPost(
  trx: TenantTransaction,
  row: {
    schoolId: string;
    groupId: string | null;
    projectId: string | null;
    kind: PostKind;
    title: string;
    body: string;
    author: string;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('classroom_post')
    .values({
      tenant_id: trx.tenantId,
      school_id: row.schoolId,
      group_id: row.groupId,
      project_id: row.projectId,
      kind: row.kind,
      title: row.title,
      body: row.body,
      author_label: row.author,
      published_at: row.at,
    })
    .execute();
}

export async function listPosts(
  trx: TenantTransaction,
  where: { groupIds: readonly string[] } | { projectId: string },
  limit = 50,
): Promise<Post[]> {
  let query = trx.selectFrom('classroom_post').selectAll().where('tenant_id', '=', trx.tenantId);
  if ('projectId' in where) query = query.where('project_id', '=', where.projectId);
  else {
    if (where.groupIds.length === 0) return [];
    query = query.where('group_id', 'in', where.groupIds);
  }
  return query.orderBy('published_at', 'desc').limit(limit).execute();
}

export async function insertProject(
  trx: TenantTransaction,
  row: { schoolId: string; title: string; description: string; groupIds: readonly string[]; by: string; at: Date },
): Promise<string> {
  const project = await trx
    .insertInto('classroom_project')
    .values({
      tenant_id: trx.tenantId,
      school_id: row.schoolId,
      title: row.title,
      description: row.description,
      created_by: row.by,
      created_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('classroom_project_class')
    .values(row.groupIds.map((groupId) => ({ tenant_id: trx.tenantId, project_id: project.id, group_id: groupId })))
    .execute();
  return project.id;
}

export type ProjectWithClasses = Project & { groupIds: string[] };

/** The school's projects with their classes. */
export async function listProjects(trx: TenantTransaction, schoolId: string): Promise<ProjectWithClasses[]> {
  const projects = await trx
    .selectFrom('classroom_project')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .orderBy('created_at', 'desc')
    .execute();
  if (projects.length === 0) return [];
  const classes = await trx
    .selectFrom('classroom_project_class')
    .select(['project_id', 'group_id'])
    .where('tenant_id', '=', trx.tenantId)
    .where(
      'project_id',
      'in',
      projects.map((p) => p.id),
    )
    .execute();
  return projects.map((p) => ({
    ...p,
    groupIds: classes.filter((c) => c.project_id === p.id).map((c) => c.group_id),
  }));
}

export async function listPartners(
  trx: TenantTransaction,
  projectId: string,
): Promise<Array<{ name: string; email: string }>> {
  return trx
    .selectFrom('classroom_project_partner')
    .select(['name', 'email'])
    .where('tenant_id', '=', trx.tenantId)
    .where('project_id', '=', projectId)
    .orderBy('name')
    .execute();
}

/** The school's projects whose partner this address is (a partner is not in the school's directory). */
export async function listProjectsOfPartner(
  trx: TenantTransaction,
  schoolId: string,
  email: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('classroom_project_partner as pp')
    .innerJoin('classroom_project as p', 'p.id', 'pp.project_id')
    .select('p.id')
    .where('pp.tenant_id', '=', trx.tenantId)
    .where('p.school_id', '=', schoolId)
    .where('pp.email', '=', email.trim().toLowerCase())
    .execute();
  return rows.map((r) => r.id);
}

export async function addPartner(
  trx: TenantTransaction,
  row: { projectId: string; name: string; email: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('classroom_project_partner')
    .values({
      tenant_id: trx.tenantId,
      project_id: row.projectId,
      name: row.name,
      email: row.email.trim().toLowerCase(),
      added_at: row.at,
    })
    .onConflict((oc) => oc.columns(['project_id', 'email']).doUpdateSet({ name: row.name }))
    .execute();
}
