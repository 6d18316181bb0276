import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Profile, School, SchoolImport, SchoolKind, SchoolNews, SchoolTile, UsageKind } from './school.tables.ts';

// Schools, their portal (tiles and news), import reports and usage counters.

/** A school by its UAI in any commune: the operators' console and the EduConnect return work across communes. */
export async function findSchoolAnywhere(db: Executor, uai: string): Promise<School | undefined> {
  return db.selectFrom('school').selectAll().where('uai', '=', uai).executeTakeFirst();
}

export async function findSchoolById(db: Executor, id: string): Promise<School | undefined> {
  return db.selectFrom('school').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSchools(trx: TenantTransaction): Promise<School[]> {
  return trx
    .selectFrom('school')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('status')
    .orderBy('name')
    .execute();
}

/** Every school, with its commune: the operators' overview. */
export async function listAllSchools(db: Executor): Promise<School[]> {
  return db.selectFrom('school').selectAll().orderBy('status').orderBy('name').execute();
}

export async function insertSchool(
  trx: TenantTransaction,
  school: { uai: string; name: string; kind: SchoolKind; openedOn: string; at: Date },
): Promise<School | undefined> {
  return trx
    .insertInto('school')
    .values({
      tenant_id: trx.tenantId,
      uai: school.uai,
      name: school.name,
      kind: school.kind,
      opened_on: school.openedOn,
      closed_on: null,
      merged_into: null,
      purge_after: null,
      created_at: school.at,
    })
    .onConflict((oc) => oc.column('uai').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function markSchoolEnded(
  trx: TenantTransaction,
  schoolId: string,
  end: { status: 'closed' | 'merged'; closedOn: string; mergedInto: string | null; purgeAfter: string },
): Promise<void> {
  await trx
    .updateTable('school')
    .set({ status: end.status, closed_on: end.closedOn, merged_into: end.mergedInto, purge_after: end.purgeAfter })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', schoolId)
    .execute();
}

/** Ends every profile of a school (it closed), so nobody's portal shows it any more. */
export async function endAllProfiles(trx: TenantTransaction, schoolId: string, at: Date): Promise<number> {
  const result = await trx
    .updateTable('school_profile')
    .set({ active: false, ended_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('active', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Moves a merged school's active profiles to the school it joins; someone already there keeps the profile they have.
 * Returns how many moved.
 */
export async function moveProfiles(trx: TenantTransaction, fromId: string, toId: string): Promise<number> {
  const result = await sql<{ count: number }>`
    WITH moved AS (
      INSERT INTO school_profile (tenant_id, school_id, person_id, profile, source)
      SELECT tenant_id, ${toId}, person_id, profile, source FROM school_profile
      WHERE tenant_id = ${trx.tenantId} AND school_id = ${fromId} AND active
      ON CONFLICT (school_id, person_id) DO NOTHING
      RETURNING 1
    ) SELECT count(*)::int AS count FROM moved`.execute(trx);
  return result.rows[0]?.count ?? 0;
}

/** Moves a merged school's classes and groups under the school it joins (a code already there gets the old UAI). */
export async function moveGroups(trx: TenantTransaction, fromId: string, toId: string, fromUai: string): Promise<void> {
  await sql`
    UPDATE school_group g SET school_id = ${toId},
      code = CASE WHEN EXISTS (SELECT 1 FROM school_group o WHERE o.school_id = ${toId} AND o.kind = g.kind AND o.code = g.code)
        THEN g.code || '-' || ${fromUai} ELSE g.code END
    WHERE g.tenant_id = ${trx.tenantId} AND g.school_id = ${fromId} AND g.archived_at IS NULL`.execute(trx);
}

/** Archives a school's portal content (tiles and news): kept for the record, shown to nobody. */
export async function archivePortal(trx: TenantTransaction, schoolId: string, at: Date): Promise<void> {
  await trx
    .updateTable('school_tile')
    .set({ archived_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .execute();
  await trx
    .updateTable('school_news')
    .set({ archived_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .execute();
}

/** Schools whose retention period is over: their people's data goes. */
export async function listSchoolsToPurge(
  db: Executor,
  today: string,
): Promise<Array<Pick<School, 'id' | 'tenant_id'>>> {
  return db
    .selectFrom('school')
    .select(['id', 'tenant_id'])
    .where('status', '<>', 'open')
    .where('purge_after', '<=', today)
    .execute();
}

/** Deletes a closed school's directory: profiles, groups, and the people who hold no profile anywhere else. */
export async function purgeSchoolDirectory(trx: TenantTransaction, schoolId: string): Promise<void> {
  const people = await trx
    .selectFrom('school_profile')
    .select('person_id')
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .execute();
  await trx
    .deleteFrom('school_profile')
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .execute();
  await trx
    .deleteFrom('school_group')
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .execute();
  const ids = people.map((p) => p.person_id);
  if (ids.length)
    await trx
      .deleteFrom('school_person')
      .where('tenant_id', '=', trx.tenantId)
      .where('id', 'in', ids)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('school_profile').select('id').whereRef('school_profile.person_id', '=', 'school_person.id'),
          ),
        ),
      )
      .execute();
  await trx
    .updateTable('school')
    .set({ purge_after: null })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', schoolId)
    .execute();
}

export async function listTiles(trx: Executor, schoolId: string): Promise<SchoolTile[]> {
  return trx
    .selectFrom('school_tile')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export async function insertTile(
  trx: TenantTransaction,
  tile: {
    schoolId: string;
    service: string;
    title: string;
    url: string;
    profiles: Profile[];
    groupIds: string[];
    position: number;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('school_tile')
    .values({
      tenant_id: trx.tenantId,
      school_id: tile.schoolId,
      service: tile.service,
      title: tile.title,
      url: tile.url,
      profiles: tile.profiles,
      group_ids: tile.groupIds,
      position: tile.position,
      archived_at: null,
      created_at: tile.at,
    })
    .execute();
}

export async function archiveTile(
  trx: TenantTransaction,
  schoolId: string,
  tileId: string,
  at: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('school_tile')
    .set({ archived_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('id', '=', tileId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findTile(
  trx: TenantTransaction,
  schoolId: string,
  tileId: string,
): Promise<SchoolTile | undefined> {
  return trx
    .selectFrom('school_tile')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('id', '=', tileId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

export async function listNews(trx: Executor, schoolId: string, limit: number): Promise<SchoolNews[]> {
  return trx
    .selectFrom('school_news')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

export async function insertNews(
  trx: TenantTransaction,
  news: { schoolId: string; title: string; body: string; author: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('school_news')
    .values({
      tenant_id: trx.tenantId,
      school_id: news.schoolId,
      title: news.title,
      body: news.body,
      author_label: news.author,
      published_at: news.at,
      archived_at: null,
    })
    .execute();
}

export async function findImport(
  trx: TenantTransaction,
  schoolId: string,
  id: string,
): Promise<SchoolImport | undefined> {
  return trx
    .selectFrom('school_import')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listImports(trx: TenantTransaction, schoolId: string): Promise<SchoolImport[]> {
  return trx
    .selectFrom('school_import')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .orderBy('imported_at', 'desc')
    .limit(10)
    .execute();
}

/** Counts one use: a row per day, school, profile and service, never a person. */
export async function countUsage(
  db: Executor,
  usage: { tenantId: string; schoolId: string; day: string; profile: Profile; kind: UsageKind; service?: string },
): Promise<void> {
  await db
    .insertInto('school_usage')
    .values({
      tenant_id: usage.tenantId,
      school_id: usage.schoolId,
      day: usage.day,
      profile: usage.profile,
      kind: usage.kind,
      service: usage.service ?? '',
      count: 1,
    })
    .onConflict((oc) =>
      oc
        .columns(['school_id', 'day', 'profile', 'kind', 'service'])
        .doUpdateSet({ count: sql`school_usage.count + 1` }),
    )
    .execute();
}

export type UsageRow = { schoolId: string; profile: Profile; kind: UsageKind; service: string; count: number };

/** Usage per school, profile, kind and service over a period (inclusive days), for the given communes. */
export async function sumUsage(
  db: Executor,
  filter: { tenantIds: string[]; from: string; to: string },
): Promise<UsageRow[]> {
  if (filter.tenantIds.length === 0) return [];
  const rows = await db
    .selectFrom('school_usage')
    .select(['school_id as schoolId', 'profile', 'kind', 'service', sql<number>`sum(count)::int`.as('count')])
    .where('tenant_id', 'in', filter.tenantIds)
    .where('day', '>=', filter.from)
    .where('day', '<=', filter.to)
    .groupBy(['school_id', 'profile', 'kind', 'service'])
    .execute();
  return rows;
}

/** The SAML replay guard: true the first time a response's signed key is seen, false after. */
export async function rememberAssertion(db: Executor, key: string, expiresAt: Date): Promise<boolean> {
  const row = await db
    .insertInto('school_saml_replay')
    .values({ key, expires_at: expiresAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!row;
}

/** Forgets the replay keys whose responses have expired long ago (the daily housekeeping). */
export async function forgetExpiredAssertions(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('school_saml_replay').where('expires_at', '<', now).execute();
}

/** The people holding the school's administrator profile, with the account they sign in with. */
export async function listSchoolAdministrators(
  db: Executor,
  schoolId: string,
): Promise<Array<{ name: string; email: string }>> {
  const rows = await db
    .selectFrom('school_profile as p')
    .innerJoin('school_person as s', 's.id', 'p.person_id')
    .leftJoin('user_account as a', 'a.id', 's.account_id')
    .select(['s.first_name', 's.last_name', 's.email', 'a.email as accountEmail'])
    .where('p.school_id', '=', schoolId)
    .where('p.profile', '=', 'school_admin')
    .where('p.active', '=', true)
    .orderBy('s.last_name')
    .execute();
  return rows.map((r) => ({ name: `${r.first_name} ${r.last_name}`, email: r.accountEmail ?? r.email ?? '' }));
}
