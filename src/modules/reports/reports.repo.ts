import { type Insertable, sql } from 'kysely';
import { isUuid } from '../../platform/db/uuid.ts';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { ReportModerationRow, ReportRow, ReportTable } from './reports.tables.ts';

/**
 * Public reports and their moderation. Public pages read across tenants (the data is public by nature, and what
 * leaves is chosen in public-report.ts); moderation writes run in the holder's scope.
 */

/** Where a public page looks: everywhere (the metropolis's instance) or one commune's territory. */
export type PublicScope = { inseeCode: string | null };

export type PublicFilter = PublicScope & {
  category?: string | undefined;
  state?: 'ouverts' | 'resolus' | undefined;
  /** Resolved reports stay public this long after closing. */
  resolvedSince: Date;
};

export type ReportWithFollowers = ReportRow & { followers: number };

export async function insertReports(db: Executor, rows: Array<Insertable<ReportTable>>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('report')
    .values(rows)
    .onConflict((oc) => oc.column('request_id').doNothing())
    .execute();
}

/** The status citizens read moved: the public sees it too. Returns the report, if the request is one. */
export async function updateReportStatus(
  db: Executor,
  requestId: string,
  values: { status: string; label: string; closedAt: Date | null; at: Date },
): Promise<ReportRow | undefined> {
  return db
    .updateTable('report')
    .set({
      status: values.status,
      status_label: values.label,
      closed_at: values.closedAt,
      status_changed_at: values.at,
    })
    .where('request_id', '=', requestId)
    .returningAll()
    .executeTakeFirst();
}

const followers = sql<number>`(SELECT count(*)::int FROM report_follower f
  WHERE f.report_id = report.id AND f.confirmed_at IS NOT NULL AND f.stopped_at IS NULL)`.as('followers');

/** Open reports of one service and category inside a box (the caller keeps those within the exact distance). */
export async function listOpenReportsInBox(
  db: Executor,
  query: { eserviceId: string; category: string; box: { south: number; north: number; west: number; east: number } },
): Promise<ReportWithFollowers[]> {
  return db
    .selectFrom('report')
    .selectAll('report')
    .select(followers)
    .where('eservice_id', '=', query.eserviceId)
    .where('category', '=', query.category)
    .where('closed_at', 'is', null)
    .where('lat', '>=', query.box.south)
    .where('lat', '<=', query.box.north)
    .where('lon', '>=', query.box.west)
    .where('lon', '<=', query.box.east)
    .limit(200)
    .execute();
}

function publicQuery(db: Executor, filter: PublicFilter) {
  let q = db
    .selectFrom('report')
    .where('hidden', '=', false)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', filter.resolvedSince)]));
  if (filter.inseeCode !== null) q = q.where('commune_insee', '=', filter.inseeCode);
  if (filter.category) q = q.where('category', '=', filter.category);
  if (filter.state === 'ouverts') q = q.where('closed_at', 'is', null);
  if (filter.state === 'resolus') q = q.where('closed_at', 'is not', null);
  return q;
}

/** A page of the public list, newest first, and how many there are in all. */
export async function listPublicReports(
  db: Executor,
  filter: PublicFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ReportWithFollowers[]; total: number }> {
  const [rows, count] = await Promise.all([
    publicQuery(db, filter)
      .selectAll('report')
      .select(followers)
      .orderBy('submitted_at', 'desc')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    publicQuery(db, filter)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The categories the public list can be filtered by, in its scope. */
export async function listPublicCategories(
  db: Executor,
  filter: PublicFilter,
): Promise<Array<{ category: string; category_label: string }>> {
  return publicQuery(db, { ...filter, category: undefined, state: undefined })
    .select(['category', 'category_label'])
    .where('category', '<>', '')
    .distinct()
    .orderBy('category_label')
    .execute();
}

/** A report as the public may see it: not hidden, and in the scope of the instance asked. */
export async function findPublicReport(
  db: Executor,
  id: string,
  scope: PublicScope,
): Promise<ReportWithFollowers | undefined> {
  if (!isUuid(id)) return undefined;
  let q = db
    .selectFrom('report')
    .selectAll('report')
    .select(followers)
    .where('id', '=', id)
    .where('hidden', '=', false);
  if (scope.inseeCode !== null) q = q.where('commune_insee', '=', scope.inseeCode);
  return q.executeTakeFirst();
}

/** A report whatever its moderation (following a hidden one stays possible: it is still being handled). */
export async function findReport(db: Executor, id: string): Promise<ReportRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reports for the moderation page: every one (operators) or those a commune holds, newest first. */
export async function listReportsForModeration(
  db: Executor,
  query: { holderId: string | null; limit: number; offset: number },
): Promise<{ rows: ReportRow[]; total: number }> {
  let q = db.selectFrom('report');
  if (query.holderId) q = q.where('tenant_id', '=', query.holderId);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('submitted_at', 'desc').orderBy('id').limit(query.limit).offset(query.offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** A report in the holder's scope, locked for a moderation act. */
export async function lockReport(trx: TenantTransaction, id: string): Promise<ReportRow | undefined> {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('report')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function setModeration(
  trx: TenantTransaction,
  id: string,
  values: { hidden: boolean; publicDescription: string | null; at: Date },
): Promise<void> {
  await trx
    .updateTable('report')
    .set({ hidden: values.hidden, public_description: values.publicDescription, moderated_at: values.at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

export async function insertModeration(
  trx: TenantTransaction,
  values: Omit<Insertable<ReportModerationRow>, 'id' | 'tenant_id'>,
): Promise<void> {
  await trx
    .insertInto('report_moderation')
    .values({ ...values, tenant_id: trx.tenantId })
    .execute();
}

export async function listModerations(db: Executor, reportId: string): Promise<ReportModerationRow[]> {
  return db.selectFrom('report_moderation').selectAll().where('report_id', '=', reportId).orderBy('at').execute();
}
