import type { Kysely } from 'kysely';
import type { NotificationKind } from '../../platform/app-module/app-module.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { NotificationRow } from './notifications.tables.ts';

/**
 * The notifications' SQL. They are written in the request's tenant scope (the transaction of the news), and read by
 * their person, whatever the instance they view: a person's own rows, filtered by their id.
 */
export type NewNotification = {
  tenantId: string;
  userIds: readonly string[];
  kind: NotificationKind;
  requestId: string | null;
  title: string;
  path: string;
  dedupeKey: string;
  at: Date;
};

export async function insertNotifications(db: Executor, news: NewNotification): Promise<void> {
  if (news.userIds.length === 0) return;
  await db
    .insertInto('notification')
    .values(
      news.userIds.map((userId) => ({
        tenant_id: news.tenantId,
        user_id: userId,
        kind: news.kind,
        request_id: news.requestId,
        // A subscriber's failure would undo the news itself: an empty or long title is mended, not refused.
        title: (news.title.trim() || 'Nouvelle au sujet d’une demande').slice(0, 300),
        path: news.path,
        dedupe_key: news.dedupeKey.slice(0, 300),
        created_at: news.at,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .execute();
}

/** The header's figure: one lookup on the partial index of unread notifications. */
export async function countUnread(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listLatest(db: Kysely<DB>, userId: string, limit: number): Promise<NotificationRow[]> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markRead(db: Kysely<DB>, userId: string, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notification')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .where('read_at', 'is', null)
    .execute();
}

export type ChannelChoice = { inApp: boolean; email: boolean };

export async function listPreferences(db: Executor, userId: string): Promise<Map<NotificationKind, ChannelChoice>> {
  const rows = await db.selectFrom('notification_preference').selectAll().where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.kind, { inApp: r.in_app, email: r.email }]));
}

/** Those among these people who turned this kind off in the app. */
export async function listInAppRefusals(
  db: Executor,
  userIds: readonly string[],
  kind: NotificationKind,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('notification_preference')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('kind', '=', kind)
    .where('in_app', '=', false)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function emailRefused(db: Executor, userId: string, kind: NotificationKind): Promise<boolean> {
  const row = await db
    .selectFrom('notification_preference')
    .select('email')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.email === false;
}

export async function savePreferences(
  db: Executor,
  userId: string,
  choices: ReadonlyArray<{ kind: NotificationKind } & ChannelChoice>,
  at: Date,
): Promise<void> {
  await db
    .insertInto('notification_preference')
    .values(choices.map((c) => ({ user_id: userId, kind: c.kind, in_app: c.inApp, email: c.email, updated_at: at })))
    .onConflict((oc) =>
      oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({
        in_app: eb.ref('excluded.in_app'),
        email: eb.ref('excluded.email'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
