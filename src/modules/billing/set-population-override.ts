import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listPopulationOverrides, upsertPopulationOverride } from './billing.repo.ts';

/**
 * An operator sets a commune's population for a billing year (art. 10.1: "le nombre d'habitants dans la Commune,
 * arrêté au 31 décembre de l'année N-1"), when INSEE's figure in the platform is not the one to use. Audited.
 */
export async function setPopulationOverride(
  services: Services,
  options: { commune: ResolvedTenant; actor: AuditActor; year: number; population: number; source: string },
): Promise<void> {
  const { commune, actor } = options;
  const now = services.clock.now();
  await withTenant(services.db, commune.id, async (trx) => {
    const before = (await listPopulationOverrides(trx)).find((o) => o.year === options.year);
    await upsertPopulationOverride(trx, {
      year: options.year,
      population: options.population,
      source: options.source,
      at: now,
      byLabel: actor.label,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'billing.population.set',
      target: { type: 'population_override', id: `${commune.slug}/${options.year}` },
      details: {
        year: options.year,
        from: before?.population ?? commune.population,
        to: options.population,
        source: options.source,
      },
      at: now,
    });
  });
}
