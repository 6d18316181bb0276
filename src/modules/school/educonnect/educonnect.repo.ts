import type { Executor } from '../../../platform/db/tenant-scope.ts';
import type { Profile } from '../school.tables.ts';

/**
 * The open schools' active profiles of the people with these AAF join identifiers, in every commune: EduConnect
 * signs people in for the whole metropolis, before anyone knows which commune's school they belong to.
 */
export async function findPeopleByJointures(
  db: Executor,
  jointures: readonly string[],
): Promise<
  Array<{
    personId: string;
    tenantId: string;
    schoolId: string;
    uai: string;
    profile: Profile;
    accountId: string | null;
  }>
> {
  if (jointures.length === 0) return [];
  return db
    .selectFrom('school_person as s')
    .innerJoin('school_profile as p', 'p.person_id', 's.id')
    .innerJoin('school as e', 'e.id', 'p.school_id')
    .select([
      's.id as personId',
      's.tenant_id as tenantId',
      'e.id as schoolId',
      'e.uai',
      'p.profile',
      's.account_id as accountId',
    ])
    .where('s.aaf_jointure', 'in', jointures)
    .where('p.active', '=', true)
    .where('e.status', '=', 'open')
    .orderBy('e.name')
    .execute();
}

/** Links people of the directory to the account they signed in with (those already linked keep theirs). */
export async function linkPeopleToAccount(
  db: Executor,
  personIds: readonly string[],
  accountId: string,
): Promise<void> {
  if (personIds.length === 0) return;
  await db
    .updateTable('school_person')
    .set({ account_id: accountId })
    .where('id', 'in', personIds)
    .where('account_id', 'is', null)
    .execute();
}
