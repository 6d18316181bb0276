import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { addMonths, parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { School } from './school.tables.ts';
import {
  archivePortal,
  endAllProfiles,
  findSchoolById,
  markSchoolEnded,
  moveGroups,
  moveProfiles,
} from './schools.repo.ts';

/**
 * How long a closed or merged school's directory is kept: the ENT processing order (arrêté du 30 novembre 2006, art.
 * 6) deletes a person's data within three months once they no longer need an account.
 */
export const RETENTION_MONTHS = 3;

/**
 * Closes a school: every profile ends at once (nobody reaches its portal any more), its tiles and news are archived,
 * its usage statistics stay (they hold no person), and its directory is deleted three months later.
 */
export async function closeSchool(
  services: Services,
  options: { school: School; actor: AuditActor },
): Promise<'done' | 'not_open'> {
  const at = services.clock.now();
  if (options.school.status !== 'open') return 'not_open';
  const today = parisDay(at);
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const ended = await endAllProfiles(trx, options.school.id, at);
    await archivePortal(trx, options.school.id, at);
    await markSchoolEnded(trx, options.school.id, {
      status: 'closed',
      closedOn: today,
      mergedInto: null,
      purgeAfter: addMonths(today, RETENTION_MONTHS),
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.closed',
      target: { type: 'school', id: options.school.id },
      details: { uai: options.school.uai, profilesEnded: ended },
      at,
    });
    return 'done' as const;
  });
}

/**
 * Merges a school into another open school of the same commune: its people keep their profile in the school they
 * join (someone already there keeps the one they have), its classes and groups move with their members, its tiles
 * and news are archived (the receiving school's portal stands), and what remains of it is deleted three months on.
 */
export async function mergeSchool(
  services: Services,
  options: { school: School; intoId: string; actor: AuditActor },
): Promise<'done' | 'not_open' | 'bad_target'> {
  const at = services.clock.now();
  if (options.school.status !== 'open') return 'not_open';
  const target = await findSchoolById(services.db, options.intoId);
  if (
    !target ||
    target.status !== 'open' ||
    target.tenant_id !== options.school.tenant_id ||
    target.id === options.school.id
  )
    return 'bad_target';
  const today = parisDay(at);
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const moved = await moveProfiles(trx, options.school.id, target.id);
    await moveGroups(trx, options.school.id, target.id, options.school.uai);
    await endAllProfiles(trx, options.school.id, at);
    await archivePortal(trx, options.school.id, at);
    await markSchoolEnded(trx, options.school.id, {
      status: 'merged',
      closedOn: today,
      mergedInto: target.id,
      purgeAfter: addMonths(today, RETENTION_MONTHS),
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.merged',
      target: { type: 'school', id: options.school.id },
      details: { uai: options.school.uai, into: target.uai, profilesMoved: moved },
      at,
    });
    return 'done' as const;
  });
}
