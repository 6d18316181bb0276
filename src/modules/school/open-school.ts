import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { School, SchoolKind } from './school.tables.ts';
import { findSchoolAnywhere, insertSchool } from './schools.repo.ts';

/** Opens a school in a commune (the operators check the commune is subscribed to the school workspace). */
export async function openSchool(
  services: Services,
  options: { tenantId: string; uai: string; name: string; kind: SchoolKind; actor: AuditActor },
): Promise<School | 'uai_taken'> {
  const at = services.clock.now();
  if (await findSchoolAnywhere(services.db, options.uai)) return 'uai_taken';
  return withTenant(services.db, options.tenantId, async (trx) => {
    const school = await insertSchool(trx, {
      uai: options.uai,
      name: options.name,
      kind: options.kind,
      openedOn: parisDay(at),
      at,
    });
    if (!school) return 'uai_taken';
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.opened',
      target: { type: 'school', id: school.id },
      details: { uai: school.uai },
      at,
    });
    return school;
  });
}
