import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { ReportFollowerRow } from './reports.tables.ts';

/** A report's followers: accounts and confirmed addresses that get its status changes by e-mail. */

/**
 * Follows a report, or follows it again: the address is the key, so following twice makes one follower. A new token
 * replaces the old one (the newest e-mail's links work); an address already confirmed stays confirmed.
 */
export async function upsertFollower(
  db: Executor,
  values: {
    tenantId: string;
    reportId: string;
    userId: string | null;
    email: string;
    tokenDigest: string;
    at: Date;
    confirmed: boolean;
  },
): Promise<ReportFollowerRow> {
  return db
    .insertInto('report_follower')
    .values({
      tenant_id: values.tenantId,
      report_id: values.reportId,
      user_id: values.userId,
      email: values.email,
      token_digest: values.tokenDigest,
      created_at: values.at,
      confirmed_at: values.confirmed ? values.at : null,
    })
    .onConflict((oc) =>
      oc.columns(['report_id', 'email']).doUpdateSet((eb) => ({
        token_digest: eb.ref('excluded.token_digest'),
        // An unconfirmed address asking again gets a fresh link, valid from now.
        created_at: sql<Date>`CASE WHEN report_follower.confirmed_at IS NULL THEN excluded.created_at
          ELSE report_follower.created_at END`,
        user_id: eb.fn.coalesce('report_follower.user_id', 'excluded.user_id'),
        stopped_at: null,
        confirmed_at: values.confirmed
          ? eb.fn.coalesce('report_follower.confirmed_at', 'excluded.confirmed_at')
          : eb.ref('report_follower.confirmed_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findFollowerByToken(db: Executor, tokenDigest: string): Promise<ReportFollowerRow | undefined> {
  return db.selectFrom('report_follower').selectAll().where('token_digest', '=', tokenDigest).executeTakeFirst();
}

export async function confirmFollower(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable('report_follower')
    .set((eb) => ({ confirmed_at: eb.fn.coalesce('confirmed_at', eb.val(at)), stopped_at: null }))
    .where('id', '=', id)
    .execute();
}

export async function stopFollower(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('report_follower').set({ stopped_at: at }).where('id', '=', id).execute();
}

export async function listActiveFollowers(db: Executor, reportId: string): Promise<ReportFollowerRow[]> {
  return db
    .selectFrom('report_follower')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('confirmed_at', 'is not', null)
    .where('stopped_at', 'is', null)
    .execute();
}

/** The reports a person follows, by account or by its address (for their data export). */
export async function listFollowsOf(
  db: Executor,
  person: { userId: string; email: string },
): Promise<Array<ReportFollowerRow & { category_label: string; service_title: string; commune_name: string }>> {
  return db
    .selectFrom('report_follower')
    .innerJoin('report', 'report.id', 'report_follower.report_id')
    .selectAll('report_follower')
    .select(['report.category_label', 'report.service_title', 'report.commune_name'])
    .where((eb) =>
      eb.or([eb('report_follower.user_id', '=', person.userId), eb('report_follower.email', '=', person.email)]),
    )
    .orderBy('report_follower.created_at')
    .execute();
}
