import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { ClassSession } from './classroom.tables.ts';

// The homework log: a class's sessions, with their content and homework.

export type SessionFields = {
  day: string;
  startsAt: string;
  subject: string;
  content: string;
  homework: string | null;
  homeworkDue: string | null;
  published: boolean;
};

export async function insertSession(
  trx: TenantTransaction,
  row: SessionFields & { schoolId: string; groupId: string; author: string; at: Date },
): Promise<string> {
  const inserted = await trx
    .insertInto('classroom_session')
    .values({
      tenant_id: trx.tenantId,
      school_id: row.schoolId,
      group_id: row.groupId,
      day: row.day,
      starts_at: row.startsAt,
      subject: row.subject,
      content: row.content,
      homework: row.homework,
      homework_due: row.homeworkDue,
      published: row.published,
      author_label: row.author,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findSession(
  trx: TenantTransaction,
  schoolId: string,
  sessionId: string,
): Promise<ClassSession | undefined> {
  return trx
    .selectFrom('classroom_session')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
}

/** A class's sessions, latest first; only the published ones unless asked. */
export async function listSessions(
  trx: TenantTransaction,
  groupId: string,
  options: { publishedOnly: boolean; limit?: number },
): Promise<ClassSession[]> {
  let query = trx
    .selectFrom('classroom_session')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('group_id', '=', groupId);
  if (options.publishedOnly) query = query.where('published', '=', true);
  return query
    .orderBy('day', 'desc')
    .orderBy('starts_at', 'desc')
    .limit(options.limit ?? 100)
    .execute();
}

export async function setPublished(
  trx: TenantTransaction,
  sessionId: string,
  published: boolean,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('classroom_session')
    .set({ published, updated_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', sessionId)
    .execute();
}

export async function markRegisterTaken(trx: TenantTransaction, sessionId: string, at: Date): Promise<void> {
  await trx
    .updateTable('classroom_session')
    .set({ register_taken_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', sessionId)
    .execute();
}
