import { sql } from 'kysely';
import type { TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { ModerationStatus } from '../spaces.tables.ts';

// The school's blogs: posts (on the school's blog or a class's) and their comments, each with its moderation.

export type PostLine = {
  id: string;
  title: string;
  body: string;
  author: string;
  authorId: string;
  status: ModerationStatus;
  createdAt: Date;
  comments: number;
};

const authorName = sql<string>`s.first_name || ' ' || s.last_name`;

/** Published items, and the pending ones of everybody (a moderator) or of one author (their own). */
function visibleTo(alias: 'p' | 'c', pendingFor: 'all' | { authorId: string }) {
  const status = sql.ref(`${alias}.status`);
  return pendingFor === 'all'
    ? sql<boolean>`${status} IN ('published', 'pending')`
    : sql<boolean>`(${status} = 'published' OR (${status} = 'pending' AND ${sql.ref(`${alias}.author_id`)} = ${pendingFor.authorId}))`;
}

/** A blog's posts, newest first: the published ones, and the pending ones when `pendingFor` says whose. */
export async function listPosts(
  trx: TenantTransaction,
  schoolId: string,
  groupId: string | null,
  pendingFor: 'all' | { authorId: string },
): Promise<PostLine[]> {
  return trx
    .selectFrom('school_blog_post as p')
    .innerJoin('school_person as s', 's.id', 'p.author_id')
    .select([
      'p.id',
      'p.title',
      'p.body',
      authorName.as('author'),
      'p.author_id as authorId',
      'p.status',
      'p.created_at as createdAt',
      sql<number>`(SELECT count(*)::int FROM school_blog_comment c WHERE c.post_id = p.id AND c.status = 'published')`.as(
        'comments',
      ),
    ])
    .where('p.tenant_id', '=', trx.tenantId)
    .where('p.school_id', '=', schoolId)
    .where((eb) => (groupId === null ? eb('p.group_id', 'is', null) : eb('p.group_id', '=', groupId)))
    .where(visibleTo('p', pendingFor))
    .orderBy('p.created_at', 'desc')
    .limit(100)
    .execute();
}

export async function findPost(
  trx: TenantTransaction,
  schoolId: string,
  groupId: string | null,
  postId: string,
): Promise<PostLine | undefined> {
  const rows = await listPosts(trx, schoolId, groupId, 'all');
  return rows.find((p) => p.id === postId);
}

export async function insertPost(
  trx: TenantTransaction,
  post: {
    schoolId: string;
    groupId: string | null;
    authorId: string;
    title: string;
    body: string;
    status: ModerationStatus;
    at: Date;
  },
): Promise<string> {
  const row = await trx
    .insertInto('school_blog_post')
    .values({
      tenant_id: trx.tenantId,
      school_id: post.schoolId,
      group_id: post.groupId,
      author_id: post.authorId,
      title: post.title,
      body: post.body,
      status: post.status,
      created_at: post.at,
      moderated_at: null,
      moderated_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type CommentLine = {
  id: string;
  body: string;
  author: string;
  authorId: string;
  status: ModerationStatus;
  createdAt: Date;
};

export async function listComments(
  trx: TenantTransaction,
  postId: string,
  pendingFor: 'all' | { authorId: string },
): Promise<CommentLine[]> {
  return trx
    .selectFrom('school_blog_comment as c')
    .innerJoin('school_person as s', 's.id', 'c.author_id')
    .select([
      'c.id',
      'c.body',
      authorName.as('author'),
      'c.author_id as authorId',
      'c.status',
      'c.created_at as createdAt',
    ])
    .where('c.tenant_id', '=', trx.tenantId)
    .where('c.post_id', '=', postId)
    .where(visibleTo('c', pendingFor))
    .orderBy('c.created_at')
    .execute();
}

export async function insertComment(
  trx: TenantTransaction,
  comment: { postId: string; authorId: string; body: string; status: ModerationStatus; at: Date },
): Promise<string> {
  const row = await trx
    .insertInto('school_blog_comment')
    .values({
      tenant_id: trx.tenantId,
      post_id: comment.postId,
      author_id: comment.authorId,
      body: comment.body,
      status: comment.status,
      created_at: comment.at,
      moderated_at: null,
      moderated_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Publishes or rejects a pending post or comment of this blog; false when there is no such pending item. */
export async function moderate(
  trx: TenantTransaction,
  item: { kind: 'post' | 'comment'; id: string; schoolId: string; groupId: string | null },
  decision: { status: 'published' | 'rejected'; by: string; at: Date },
): Promise<boolean> {
  const set = { status: decision.status, moderated_at: decision.at, moderated_by: decision.by };
  const ofBlog = (qb: TenantTransaction) =>
    qb
      .selectFrom('school_blog_post')
      .select('id')
      .where('school_id', '=', item.schoolId)
      .where((eb) => (item.groupId === null ? eb('group_id', 'is', null) : eb('group_id', '=', item.groupId)));
  const result =
    item.kind === 'post'
      ? await trx
          .updateTable('school_blog_post')
          .set(set)
          .where('tenant_id', '=', trx.tenantId)
          .where('id', '=', item.id)
          .where('status', '=', 'pending')
          .where('id', 'in', ofBlog(trx))
          .executeTakeFirst()
      : await trx
          .updateTable('school_blog_comment')
          .set(set)
          .where('tenant_id', '=', trx.tenantId)
          .where('id', '=', item.id)
          .where('status', '=', 'pending')
          .where('post_id', 'in', ofBlog(trx))
          .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The comments of a blog waiting for moderation, with their post's title. */
export async function listPendingComments(
  trx: TenantTransaction,
  schoolId: string,
  groupId: string | null,
): Promise<Array<CommentLine & { postId: string; postTitle: string }>> {
  return trx
    .selectFrom('school_blog_comment as c')
    .innerJoin('school_blog_post as p', 'p.id', 'c.post_id')
    .innerJoin('school_person as s', 's.id', 'c.author_id')
    .select([
      'c.id',
      'c.body',
      authorName.as('author'),
      'c.author_id as authorId',
      'c.status',
      'c.created_at as createdAt',
      'p.id as postId',
      'p.title as postTitle',
    ])
    .where('c.tenant_id', '=', trx.tenantId)
    .where('p.school_id', '=', schoolId)
    .where((eb) => (groupId === null ? eb('p.group_id', 'is', null) : eb('p.group_id', '=', groupId)))
    .where('c.status', '=', 'pending')
    .orderBy('c.created_at')
    .execute();
}
