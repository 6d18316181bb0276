import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';

/** The pairwise identifiers of deleted accounts, per client, kept for the feed (and nothing else). */

export async function insertTombstones(
  db: Executor,
  rows: Array<{ clientId: string; subject: string }>,
  deletedAt: Date,
  expiresAt: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('identity_tombstone')
    .values(
      rows.map((r) => ({ client_id: r.clientId, subject: r.subject, deleted_at: deletedAt, expires_at: expiresAt })),
    )
    .onConflict((oc) =>
      oc.columns(['client_id', 'subject']).doUpdateSet({ deleted_at: deletedAt, expires_at: expiresAt }),
    )
    .execute();
}

export type DeletedSubject = { sub: string; deletedAt: Date };

/** Deletions since a moment, oldest first, keyset-paginated on (deleted_at, subject). */
export async function listTombstones(
  db: Executor,
  query: { clientId: string; since: Date; after?: { deletedAt: Date; subject: string }; limit: number },
): Promise<DeletedSubject[]> {
  let q = db
    .selectFrom('identity_tombstone')
    .select(['subject', 'deleted_at'])
    .where('client_id', '=', query.clientId)
    .where('deleted_at', '>=', query.since)
    .orderBy('deleted_at')
    .orderBy('subject')
    .limit(query.limit);
  if (query.after) {
    const { deletedAt, subject } = query.after;
    q = q.where(sql<boolean>`(deleted_at, subject) > (${deletedAt}, ${subject})`);
  }
  return (await q.execute()).map((r) => ({ sub: r.subject, deletedAt: r.deleted_at }));
}

export async function findTombstonedSubjects(db: Executor, clientId: string, subjects: string[]): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const rows = await db
    .selectFrom('identity_tombstone')
    .select('subject')
    .where('client_id', '=', clientId)
    .where('subject', 'in', subjects)
    .execute();
  return new Set(rows.map((r) => r.subject));
}

export async function deleteExpiredTombstones(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('identity_tombstone').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
