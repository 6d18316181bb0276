import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { insertConnectorCost } from './billing.repo.ts';

/**
 * The yearly maintenance cost of a connector the metropolis developed specifically for a Connecté commune (annexe
 * Toodego §10.2.1, added by avenant n° 1): billed with the contribution, revised from its price year on.
 */
export async function recordConnectorCost(
  services: Services,
  options: {
    commune: ResolvedTenant;
    actor: AuditActor;
    label: string;
    annualCents: number;
    priceYear: number;
    activeFrom: string;
    activeUntil: string | null;
  },
): Promise<void> {
  const { commune, actor } = options;
  const now = services.clock.now();
  await withTenant(services.db, commune.id, async (trx) => {
    const row = await insertConnectorCost(trx, {
      label: options.label,
      annual_cents: options.annualCents,
      price_year: options.priceYear,
      active_from: options.activeFrom,
      active_until: options.activeUntil,
      created_at: now,
      created_by_label: actor.label,
    });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'billing.connector.record',
      target: { type: 'connector_cost', id: row.id },
      details: {
        label: options.label,
        annualCents: options.annualCents,
        priceYear: options.priceYear,
        activeFrom: options.activeFrom,
        activeUntil: options.activeUntil,
      },
      at: now,
    });
  });
}
