import { addGroupByHand } from '../src/modules/school/add-group.ts';
import { addMemberToGroup, linkParentByHand } from '../src/modules/school/add-membership.ts';
import { addPersonByHand } from '../src/modules/school/add-person.ts';
import { openSchool } from '../src/modules/school/open-school.ts';
import type { Profile, School } from '../src/modules/school/school.tables.ts';
import type { Services } from '../src/platform/services.ts';
import type { ResolvedTenant } from '../src/platform/tenancy/tenant-directory.ts';
import { setSubscription } from '../src/platform/tenancy/tenancy.repo.ts';
import type { IsolationWorld } from './cross-tenant/isolation.ts';
import { buildCommune, buildUser } from './factories.ts';

const KEY_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
let next = Math.floor(Math.random() * 1_000_000);

/** A valid UAI of its own for one test (seven digits and their check letter). */
export function uniqueUai(): string {
  next = (next + 7919) % 10_000_000;
  const digits = String(next).padStart(7, '0');
  return `${digits}${KEY_LETTERS[next % 23]}`;
}

/** A commune subscribed to the school workspace. */
export function buildSchoolCommune(services: Services): Promise<ResolvedTenant> {
  return buildCommune(services, { toodego: 'abonne', others: { laclasse: true } });
}

/** The isolation test's two communes subscribed to the school workspace; gives commune A as resolved then. */
export async function subscribeIsolationWorld(world: IsolationWorld): Promise<ResolvedTenant> {
  const { t, communeA } = world;
  for (const commune of [world.communeA, world.communeB])
    await setSubscription(t.services.db, {
      tenantId: commune.id,
      service: 'laclasse',
      offer: 'subscribed',
      since: null,
      at: t.clock.now(),
    });
  t.services.tenants.invalidate();
  return (await t.services.tenants.byId(communeA.id)) ?? communeA;
}

export async function buildSchool(services: Services, commune: ResolvedTenant, uai = uniqueUai()): Promise<School> {
  const school = await openSchool(services, {
    tenantId: commune.id,
    uai,
    name: `École de test ${uai}`,
    kind: 'elementaire',
    actor: { userId: null, label: 'test', ip: null },
  });
  if (school === 'uai_taken') throw new Error('UAI already taken');
  return school;
}

/** An account and the school's person with that e-mail and profile (linked at their first visit). */
export async function buildSchoolMember(services: Services, school: School, profile: Profile) {
  const account = await buildUser(services);
  const personId = await addPersonByHand(services, {
    school,
    person: { lastName: 'Membre', firstName: profile, email: account.email, birthDate: null, profile },
    actor: { userId: null, label: 'test', ip: null },
  });
  return { ...account, personId };
}

const TEST_ACTOR = { userId: null, label: 'test', ip: null };

/** A class (or group) of the school with these people in it. */
export async function buildClass(
  services: Services,
  school: School,
  name: string,
  personIds: readonly string[],
  kind: 'class' | 'group' = 'class',
): Promise<string> {
  const groupId = await addGroupByHand(services, { school, kind, name, actor: TEST_ACTOR });
  for (const personId of personIds)
    if (!(await addMemberToGroup(services, { school, personId, groupId, actor: TEST_ACTOR })))
      throw new Error('not a member of the school');
  return groupId;
}

export async function linkChild(services: Services, school: School, parentId: string, childId: string): Promise<void> {
  if (!(await linkParentByHand(services, { school, parentId, childId, actor: TEST_ACTOR })))
    throw new Error('not a parent and a pupil of the school');
}
