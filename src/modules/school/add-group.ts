import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { ensureGroup } from './directory.repo.ts';
import type { GroupKind, School } from './school.tables.ts';

/** A class or group the school creates itself (a school outside the feed, a choir, a project group). */
export async function addGroupByHand(
  services: Services,
  options: { school: Pick<School, 'id' | 'tenant_id'>; kind: GroupKind; name: string; actor: AuditActor },
): Promise<string> {
  const at = services.clock.now();
  const code = options.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const id = await ensureGroup(trx, {
      schoolId: options.school.id,
      kind: options.kind,
      code: `M-${code}`,
      name: options.name,
      source: 'manual',
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.group_added',
      target: { type: 'school_group', id },
      at,
    });
    return id;
  });
}
