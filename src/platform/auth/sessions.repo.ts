import type { Executor } from '../db/tenant-scope.ts';
import type { UserAccount } from '../db/schema.ts';

export async function insertSession(
  db: Executor,
  session: { id: string; userId: string; at: Date; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.at,
      last_seen_at: session.at,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

export type SessionWithAccount = {
  sessionId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  account: UserAccount;
};

export async function findLiveSession(db: Executor, id: string, now: Date): Promise<SessionWithAccount | undefined> {
  const row = await db
    .selectFrom('session')
    .innerJoin('user_account', 'user_account.id', 'session.user_id')
    .selectAll('user_account')
    .select([
      'session.id as session_id',
      'session.created_at as session_created_at',
      'session.last_seen_at',
      'session.expires_at',
    ])
    .where('session.id', '=', id)
    .where('session.expires_at', '>', now)
    .where('user_account.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, session_created_at, last_seen_at, expires_at, ...account } = row;
  return {
    sessionId: session_id,
    createdAt: session_created_at,
    lastSeenAt: last_seen_at,
    expiresAt: expires_at,
    account,
  };
}

export async function touchSession(db: Executor, id: string, at: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: at, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string, exceptId?: string): Promise<number> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countSessionsOfUser(db: Executor, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('session')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A person's sessions as they may see them (their right of access): when, from where, until when. */
export async function listSessionsOfUser(
  db: Executor,
  userId: string,
): Promise<
  Array<{ created_at: Date; last_seen_at: Date; expires_at: Date; ip: string | null; user_agent: string | null }>
> {
  return db
    .selectFrom('session')
    .select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .execute();
}
