import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { findMemberByAccount, findSchoolByUai, linkAccountByEmail } from './directory.repo.ts';
import type { Profile, School } from './school.tables.ts';

// What the modules above school read of a school's directory (through index.ts): who is signed in to its portal, the
// people of a class, a parent's children and how to reach a child's parents.

/** A member of an open school, as signed in: their person, profile and groups (a parent's: their children's). */
export type SchoolViewer = { school: School; personId: string; profile: Profile; groupIds: string[] };

/**
 * The signed-in account's profile in the tenant's open school of this UAI (linked by e-mail at a first visit, as on
 * the portal), or undefined: no such open school, or not a member of it.
 */
export async function findSchoolViewer(
  trx: TenantTransaction,
  uai: string,
  user: { id: string; email: string },
): Promise<SchoolViewer | undefined> {
  const school = await findSchoolByUai(trx, uai);
  if (!school || school.status !== 'open') return undefined;
  let member = await findMemberByAccount(trx, trx.tenantId, school.id, user.id);
  if (!member && (await linkAccountByEmail(trx, school.id, user)))
    member = await findMemberByAccount(trx, trx.tenantId, school.id, user.id);
  return member ? { school, ...member } : undefined;
}

export type GroupPerson = { personId: string; lastName: string; firstName: string; profile: Profile };

/** The active members of one of the school's groups, by name (pupils, their teachers…). */
export async function listGroupPeople(
  trx: TenantTransaction,
  schoolId: string,
  groupId: string,
): Promise<GroupPerson[]> {
  return trx
    .selectFrom('school_membership as m')
    .innerJoin('school_group as g', 'g.id', 'm.group_id')
    .innerJoin('school_person as s', 's.id', 'm.person_id')
    .innerJoin('school_profile as p', (join) =>
      join.onRef('p.person_id', '=', 's.id').onRef('p.school_id', '=', 'g.school_id'),
    )
    .select(['s.id as personId', 's.last_name as lastName', 's.first_name as firstName', 'p.profile'])
    .where('m.tenant_id', '=', trx.tenantId)
    .where('g.school_id', '=', schoolId)
    .where('g.id', '=', groupId)
    .where('p.active', '=', true)
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .execute();
}

/** A parent's children who are pupils of the school, with their groups there. */
export async function listChildren(
  trx: TenantTransaction,
  schoolId: string,
  parentId: string,
): Promise<Array<{ personId: string; lastName: string; firstName: string; groupIds: string[] }>> {
  return trx
    .selectFrom('school_parent_link as l')
    .innerJoin('school_person as s', 's.id', 'l.child_id')
    .innerJoin('school_profile as p', 'p.person_id', 's.id')
    .select([
      's.id as personId',
      's.last_name as lastName',
      's.first_name as firstName',
      sql<
        string[]
      >`coalesce((SELECT array_agg(m.group_id) FROM school_membership m JOIN school_group g ON g.id = m.group_id WHERE m.person_id = s.id AND g.school_id = p.school_id), '{}')`.as(
        'groupIds',
      ),
    ])
    .where('l.tenant_id', '=', trx.tenantId)
    .where('l.parent_id', '=', parentId)
    .where('p.school_id', '=', schoolId)
    .where('p.profile', '=', 'pupil')
    .where('p.active', '=', true)
    .orderBy('s.first_name')
    .execute();
}

/**
 * How to reach the parents of some pupils: each parent's address as the school recorded it, else their linked
 * account's. Parents with neither are left out.
 */
export async function listParentContacts(
  trx: TenantTransaction,
  childIds: readonly string[],
): Promise<Array<{ childId: string; parentId: string; firstName: string; lastName: string; email: string }>> {
  if (childIds.length === 0) return [];
  const rows = await trx
    .selectFrom('school_parent_link as l')
    .innerJoin('school_person as s', 's.id', 'l.parent_id')
    .leftJoin('user_account as a', 'a.id', 's.account_id')
    .select([
      'l.child_id as childId',
      's.id as parentId',
      's.first_name as firstName',
      's.last_name as lastName',
      sql<string | null>`coalesce(s.email, a.email)`.as('email'),
    ])
    .where('l.tenant_id', '=', trx.tenantId)
    .where('l.child_id', 'in', childIds)
    .execute();
  return rows.flatMap((r) => (r.email ? [{ ...r, email: r.email }] : []));
}
