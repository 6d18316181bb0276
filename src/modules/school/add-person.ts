import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findProfile, insertPerson, setProfile } from './directory.repo.ts';
import type { Profile, School } from './school.tables.ts';

/**
 * Someone the feed lacks, entered by the school (a school in no AAF feed, a volunteer, an administrator): their profile
 * is marked as given by hand, so no import ever ends it.
 */
export async function addPersonByHand(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    person: { lastName: string; firstName: string; email: string | null; birthDate: string | null; profile: Profile };
    actor: AuditActor;
  },
): Promise<string> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const { profile, ...fields } = options.person;
    const person = await insertPerson(trx, {
      ...fields,
      email: fields.email?.toLowerCase() ?? null,
      jointure: null,
      source: 'manual',
      at,
    });
    if (!(await findProfile(trx, options.school.id, person.id)))
      await setProfile(trx, { schoolId: options.school.id, personId: person.id, profile, source: 'manual' });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.person_added',
      target: { type: 'school_person', id: person.id },
      details: { school: options.school.id, profile },
      at,
    });
    return person.id;
  });
}
