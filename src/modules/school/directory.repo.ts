import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { GroupKind, Profile, School, SchoolGroup, SchoolPerson, Source } from './school.tables.ts';

// The directory of a school: people, their profile in each school, classes and groups, parent–child links.

export async function findSchoolByUai(trx: TenantTransaction, uai: string): Promise<School | undefined> {
  return trx
    .selectFrom('school')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('uai', '=', uai)
    .executeTakeFirst();
}

export async function findPersonByJointure(
  trx: TenantTransaction,
  jointure: string,
): Promise<SchoolPerson | undefined> {
  return trx
    .selectFrom('school_person')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('aaf_jointure', '=', jointure)
    .executeTakeFirst();
}

export type PersonFields = {
  lastName: string;
  firstName: string;
  birthDate: string | null;
  email: string | null;
};

export async function insertPerson(
  trx: TenantTransaction,
  person: PersonFields & { jointure: string | null; source: Source; at: Date },
): Promise<SchoolPerson> {
  return trx
    .insertInto('school_person')
    .values({
      tenant_id: trx.tenantId,
      aaf_jointure: person.jointure,
      last_name: person.lastName,
      first_name: person.firstName,
      birth_date: person.birthDate,
      email: person.email,
      account_id: null,
      source: person.source,
      created_at: person.at,
      updated_at: person.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updatePerson(
  trx: TenantTransaction,
  id: string,
  person: PersonFields & { at: Date },
): Promise<void> {
  await trx
    .updateTable('school_person')
    .set({
      last_name: person.lastName,
      first_name: person.firstName,
      birth_date: person.birthDate,
      email: person.email,
      updated_at: person.at,
    })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

export type ProfileRow = { id: string; profile: Profile; source: Source; active: boolean };

export async function findProfile(
  trx: TenantTransaction,
  schoolId: string,
  personId: string,
): Promise<ProfileRow | undefined> {
  return trx
    .selectFrom('school_profile')
    .select(['id', 'profile', 'source', 'active'])
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** One profile per person and school: setting it replaces the previous one and brings it back if it had ended. */
export async function setProfile(
  trx: TenantTransaction,
  row: { schoolId: string; personId: string; profile: Profile; source: Source },
): Promise<void> {
  await trx
    .insertInto('school_profile')
    .values({
      tenant_id: trx.tenantId,
      school_id: row.schoolId,
      person_id: row.personId,
      profile: row.profile,
      source: row.source,
    })
    .onConflict((oc) =>
      oc
        .columns(['school_id', 'person_id'])
        .doUpdateSet({ profile: row.profile, source: row.source, active: true, ended_at: null }),
    )
    .execute();
}

export async function endProfile(trx: TenantTransaction, profileId: string, at: Date): Promise<void> {
  await trx
    .updateTable('school_profile')
    .set({ active: false, ended_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', profileId)
    .execute();
}

/** The school's profiles fed by the AAF that are still active, with their person's join identifier. */
export async function listFedProfiles(
  trx: TenantTransaction,
  schoolId: string,
): Promise<Array<{ id: string; jointure: string | null }>> {
  return trx
    .selectFrom('school_profile as p')
    .innerJoin('school_person as s', 's.id', 'p.person_id')
    .select(['p.id', 's.aaf_jointure as jointure'])
    .where('p.tenant_id', '=', trx.tenantId)
    .where('p.school_id', '=', schoolId)
    .where('p.source', '=', 'aaf')
    .where('p.active', '=', true)
    .execute();
}

export async function ensureGroup(
  trx: TenantTransaction,
  group: { schoolId: string; kind: GroupKind; code: string; name: string; source: Source },
): Promise<string> {
  const existing = await trx
    .selectFrom('school_group')
    .select('id')
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', group.schoolId)
    .where('kind', '=', group.kind)
    .where('code', '=', group.code)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await trx
    .insertInto('school_group')
    .values({
      tenant_id: trx.tenantId,
      school_id: group.schoolId,
      kind: group.kind,
      code: group.code,
      name: group.name,
      source: group.source,
      archived_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listGroups(trx: TenantTransaction, schoolId: string): Promise<SchoolGroup[]> {
  return trx
    .selectFrom('school_group')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('school_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

/** The groups of one school a person belongs to, with where each membership came from. */
export async function listMemberships(
  trx: TenantTransaction,
  schoolId: string,
  personId: string,
): Promise<Array<{ groupId: string; source: Source }>> {
  return trx
    .selectFrom('school_membership as m')
    .innerJoin('school_group as g', 'g.id', 'm.group_id')
    .select(['m.group_id as groupId', 'm.source'])
    .where('m.tenant_id', '=', trx.tenantId)
    .where('g.school_id', '=', schoolId)
    .where('m.person_id', '=', personId)
    .execute();
}

export async function addMembership(
  trx: TenantTransaction,
  groupId: string,
  personId: string,
  source: Source,
): Promise<void> {
  await trx
    .insertInto('school_membership')
    .values({ tenant_id: trx.tenantId, group_id: groupId, person_id: personId, source })
    .onConflict((oc) => oc.columns(['group_id', 'person_id']).doNothing())
    .execute();
}

export async function removeMembership(trx: TenantTransaction, groupId: string, personId: string): Promise<void> {
  await trx
    .deleteFrom('school_membership')
    .where('tenant_id', '=', trx.tenantId)
    .where('group_id', '=', groupId)
    .where('person_id', '=', personId)
    .execute();
}

export async function listParentLinks(
  trx: TenantTransaction,
  parentId: string,
): Promise<Array<{ childId: string; relation: string; source: Source }>> {
  return trx
    .selectFrom('school_parent_link')
    .select(['child_id as childId', 'relation', 'source'])
    .where('tenant_id', '=', trx.tenantId)
    .where('parent_id', '=', parentId)
    .execute();
}

export async function linkParent(
  trx: TenantTransaction,
  link: { parentId: string; childId: string; relation: string; source: Source },
): Promise<void> {
  await trx
    .insertInto('school_parent_link')
    .values({
      tenant_id: trx.tenantId,
      parent_id: link.parentId,
      child_id: link.childId,
      relation: link.relation,
      source: link.source,
    })
    .onConflict((oc) => oc.columns(['parent_id', 'child_id']).doUpdateSet({ relation: link.relation }))
    .execute();
}

export async function unlinkParent(trx: TenantTransaction, parentId: string, childId: string): Promise<void> {
  await trx
    .deleteFrom('school_parent_link')
    .where('tenant_id', '=', trx.tenantId)
    .where('parent_id', '=', parentId)
    .where('child_id', '=', childId)
    .execute();
}

/** Pupils of a school among join identifiers (a parent's record names their children by theirs). */
export async function findPupilsByJointure(
  trx: TenantTransaction,
  schoolId: string,
  jointures: readonly string[],
): Promise<Array<{ id: string; jointure: string }>> {
  if (jointures.length === 0) return [];
  const rows = await trx
    .selectFrom('school_person as s')
    .innerJoin('school_profile as p', 'p.person_id', 's.id')
    .select(['s.id', 's.aaf_jointure'])
    .where('s.tenant_id', '=', trx.tenantId)
    .where('p.school_id', '=', schoolId)
    .where('p.profile', '=', 'pupil')
    .where('p.active', '=', true)
    .where('s.aaf_jointure', 'in', jointures)
    .execute();
  return rows.map((r) => ({ id: r.id, jointure: r.aaf_jointure ?? '' }));
}

export type DirectoryEntry = {
  personId: string;
  lastName: string;
  firstName: string;
  email: string | null;
  profile: Profile;
  source: Source;
  linked: boolean;
  groups: string[];
};

/** The school's active people, by name, with their groups' names. */
export async function listDirectory(trx: TenantTransaction, schoolId: string): Promise<DirectoryEntry[]> {
  const rows = await trx
    .selectFrom('school_profile as p')
    .innerJoin('school_person as s', 's.id', 'p.person_id')
    .select([
      's.id as personId',
      's.last_name as lastName',
      's.first_name as firstName',
      's.email',
      'p.profile',
      'p.source',
      sql<boolean>`s.account_id IS NOT NULL`.as('linked'),
      sql<
        string[]
      >`coalesce((SELECT array_agg(g.name ORDER BY g.name) FROM school_membership m JOIN school_group g ON g.id = m.group_id WHERE m.person_id = s.id AND g.school_id = p.school_id), '{}')`.as(
        'groups',
      ),
    ])
    .where('p.tenant_id', '=', trx.tenantId)
    .where('p.school_id', '=', schoolId)
    .where('p.active', '=', true)
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .execute();
  return rows;
}

/** Someone's active profile in a school, and their groups there, from their platform account. */
export async function findMemberByAccount(
  db: Executor,
  tenantId: string,
  schoolId: string,
  accountId: string,
): Promise<{ personId: string; profile: Profile; groupIds: string[] } | undefined> {
  const row = await db
    .selectFrom('school_profile as p')
    .innerJoin('school_person as s', 's.id', 'p.person_id')
    .select([
      's.id as personId',
      'p.profile',
      // A parent sees what their children's groups see.
      sql<
        string[]
      >`coalesce((SELECT array_agg(DISTINCT m.group_id) FROM school_membership m JOIN school_group g ON g.id = m.group_id WHERE g.school_id = p.school_id AND (m.person_id = s.id OR m.person_id IN (SELECT l.child_id FROM school_parent_link l WHERE l.parent_id = s.id))), '{}')`.as(
        'groupIds',
      ),
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.school_id', '=', schoolId)
    .where('p.active', '=', true)
    .where('s.account_id', '=', accountId)
    .executeTakeFirst();
  return row;
}

/**
 * Links an account to the school's person whose e-mail it holds, when no account holds that person yet: how a
 * teacher signed in through ProConnect (the AAF gives the academic address) or a parent signed in with the
 * citizen identity (the address the school recorded) meets their profile.
 */
export async function linkAccountByEmail(
  trx: TenantTransaction,
  schoolId: string,
  account: { id: string; email: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('school_person')
    .set({ account_id: account.id })
    .where('tenant_id', '=', trx.tenantId)
    .where('account_id', 'is', null)
    .where(sql<boolean>`lower(email) = ${account.email.trim().toLowerCase()}`)
    .where('id', 'in', (qb) =>
      qb.selectFrom('school_profile').select('person_id').where('school_id', '=', schoolId).where('active', '=', true),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
