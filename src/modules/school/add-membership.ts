import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { addMembership, findProfile, linkParent, listGroups } from './directory.repo.ts';
import type { School } from './school.tables.ts';

/** Puts a member of the school in one of its groups. False when either is not the school's. */
export async function addMemberToGroup(
  services: Services,
  options: { school: Pick<School, 'id' | 'tenant_id'>; personId: string; groupId: string; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const profile = await findProfile(trx, options.school.id, options.personId);
    const groups = await listGroups(trx, options.school.id);
    if (!profile?.active || !groups.some((g) => g.id === options.groupId)) return false;
    await addMembership(trx, options.groupId, options.personId, 'manual');
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.membership_added',
      target: { type: 'school_group', id: options.groupId },
      details: { person: options.personId },
      at,
    });
    return true;
  });
}

/** Links a parent to their child, both of the school (the feed does it for fed families). */
export async function linkParentByHand(
  services: Services,
  options: { school: Pick<School, 'id' | 'tenant_id'>; parentId: string; childId: string; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const parent = await findProfile(trx, options.school.id, options.parentId);
    const child = await findProfile(trx, options.school.id, options.childId);
    if (!parent?.active || parent.profile !== 'parent' || !child?.active || child.profile !== 'pupil') return false;
    await linkParent(trx, { parentId: options.parentId, childId: options.childId, relation: '', source: 'manual' });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.parent_linked',
      target: { type: 'school_person', id: options.childId },
      details: { parent: options.parentId },
      at,
    });
    return true;
  });
}
