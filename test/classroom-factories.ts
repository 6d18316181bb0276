import { addPersonByHand } from '../src/modules/school/add-person.ts';
import { addGroupByHand } from '../src/modules/school/add-group.ts';
import { addMemberToGroup, linkParentByHand } from '../src/modules/school/add-membership.ts';
import type { School } from '../src/modules/school/school.tables.ts';
import type { Services } from '../src/platform/services.ts';
import type { ResolvedTenant } from '../src/platform/tenancy/tenant-directory.ts';
import { buildSchool, buildSchoolMember } from './school-factories.ts';

const actor = { userId: null, label: 'test', ip: null };

/** A class of the school, with nobody in it. */
export function buildClass(services: Services, school: School, name: string): Promise<string> {
  return addGroupByHand(services, { school, kind: 'class', name, actor });
}

/** A pupil of the school (no account: pupils come through EduConnect), in a class. */
export async function buildPupil(services: Services, school: School, groupId: string, firstName: string) {
  const personId = await addPersonByHand(services, {
    school,
    person: { lastName: 'Élève', firstName, email: null, birthDate: '2016-01-01', profile: 'pupil' },
    actor,
  });
  await addMemberToGroup(services, { school, personId, groupId, actor });
  return personId;
}

/**
 * A class of a new school of the commune with its teacher, two pupils (Léa and Yanis) and each pupil's parent (an
 * account with the e-mail the school knows), plus the school's life office (staff).
 */
export async function buildClassScene(services: Services, commune: ResolvedTenant) {
  const school = await buildSchool(services, commune);
  const groupId = await addGroupByHand(services, { school, kind: 'class', name: 'CM1 A', actor });
  const teacher = await buildSchoolMember(services, school, 'teacher');
  await addMemberToGroup(services, { school, personId: teacher.personId, groupId, actor });
  // Léa signs in (an account with the address the school knows); Yanis never has.
  const leaAccount = await buildSchoolMember(services, school, 'pupil');
  const lea = leaAccount.personId;
  await addMemberToGroup(services, { school, personId: lea, groupId, actor });
  const yanis = await buildPupil(services, school, groupId, 'Yanis');
  const parentOfLea = await buildSchoolMember(services, school, 'parent');
  const parentOfYanis = await buildSchoolMember(services, school, 'parent');
  await linkParentByHand(services, { school, parentId: parentOfLea.personId, childId: lea, actor });
  await linkParentByHand(services, { school, parentId: parentOfYanis.personId, childId: yanis, actor });
  const staff = await buildSchoolMember(services, school, 'staff');
  return { school, groupId, teacher, lea, leaAccount, yanis, parentOfLea, parentOfYanis, staff };
}
