import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Profile } from './school.tables.ts';

/**
 * A member of one school as the school's services see them: their profile there, the classes and groups they belong
 * to, and for a parent their children in the school and those children's groups. What each may do in messaging,
 * blogs and documents follows from this alone (the rules are pure functions of it).
 */
export type SpaceMember = {
  personId: string;
  schoolId: string;
  profile: Profile;
  groupIds: string[];
  childIds: string[];
  childGroupIds: string[];
};

export type NamedMember = SpaceMember & { lastName: string; firstName: string };

function membersQuery(trx: TenantTransaction, schoolId: string) {
  return trx
    .selectFrom('school_profile as p')
    .innerJoin('school_person as s', 's.id', 'p.person_id')
    .select([
      's.id as personId',
      'p.school_id as schoolId',
      'p.profile',
      's.last_name as lastName',
      's.first_name as firstName',
      sql<
        string[]
      >`coalesce((SELECT array_agg(m.group_id) FROM school_membership m JOIN school_group g ON g.id = m.group_id
        WHERE m.person_id = s.id AND g.school_id = p.school_id AND g.archived_at IS NULL), '{}')`.as('groupIds'),
      sql<string[]>`coalesce((SELECT array_agg(l.child_id) FROM school_parent_link l JOIN school_profile c
        ON c.person_id = l.child_id AND c.school_id = p.school_id AND c.active WHERE l.parent_id = s.id), '{}')`.as(
        'childIds',
      ),
      sql<string[]>`coalesce((SELECT array_agg(DISTINCT m.group_id) FROM school_parent_link l
        JOIN school_membership m ON m.person_id = l.child_id JOIN school_group g ON g.id = m.group_id
        WHERE l.parent_id = s.id AND g.school_id = p.school_id AND g.archived_at IS NULL), '{}')`.as('childGroupIds'),
    ])
    .where('p.tenant_id', '=', trx.tenantId)
    .where('p.school_id', '=', schoolId)
    .where('p.active', '=', true);
}

/** The member of the school an account holds, if it holds an active profile there. */
export async function findSpaceMember(
  trx: TenantTransaction,
  schoolId: string,
  accountId: string,
): Promise<NamedMember | undefined> {
  return membersQuery(trx, schoolId).where('s.account_id', '=', accountId).executeTakeFirst();
}

/** The school's active members, by name (or only those listed). */
export async function listSpaceMembers(
  trx: TenantTransaction,
  schoolId: string,
  personIds?: readonly string[],
): Promise<NamedMember[]> {
  if (personIds && personIds.length === 0) return [];
  let query = membersQuery(trx, schoolId);
  if (personIds) query = query.where('s.id', 'in', personIds);
  return query.orderBy('s.last_name').orderBy('s.first_name').execute();
}
