import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { listGroups } from './directory.repo.ts';
import type { ServiceKey } from './portal-rights.ts';
import type { Profile, School } from './school.tables.ts';
import { archiveTile, insertNews, insertTile, listTiles } from './schools.repo.ts';

/** Adds a tile to the school's portal, for the profiles and groups chosen (none chosen: everyone). */
export async function addTile(
  services: Services,
  options: {
    school: Pick<School, 'id' | 'tenant_id'>;
    tile: { service: ServiceKey; title: string; url: string; profiles: Profile[]; groupIds: string[] };
    actor: AuditActor;
  },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    const groups = await listGroups(trx, options.school.id);
    if (!options.tile.groupIds.every((id) => groups.some((g) => g.id === id))) return false;
    const position = (await listTiles(trx, options.school.id)).length;
    await insertTile(trx, { schoolId: options.school.id, ...options.tile, position, at });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.tile_added',
      target: { type: 'school', id: options.school.id },
      details: { title: options.tile.title, profiles: options.tile.profiles },
      at,
    });
    return true;
  });
}

export async function removeTile(
  services: Services,
  options: { school: Pick<School, 'id' | 'tenant_id'>; tileId: string; actor: AuditActor },
): Promise<boolean> {
  const at = services.clock.now();
  return withTenant(services.db, options.school.tenant_id, async (trx) => {
    if (!(await archiveTile(trx, options.school.id, options.tileId, at))) return false;
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.tile_removed',
      target: { type: 'school_tile', id: options.tileId },
      at,
    });
    return true;
  });
}

export async function publishNews(
  services: Services,
  options: { school: Pick<School, 'id' | 'tenant_id'>; title: string; body: string; actor: AuditActor },
): Promise<void> {
  const at = services.clock.now();
  await withTenant(services.db, options.school.tenant_id, async (trx) => {
    await insertNews(trx, {
      schoolId: options.school.id,
      title: options.title,
      body: options.body,
      author: options.actor.label,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'school.news_published',
      target: { type: 'school', id: options.school.id },
      details: { title: options.title },
      at,
    });
  });
}
