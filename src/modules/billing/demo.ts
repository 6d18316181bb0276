import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { loadContract } from '../agreements/index.ts';
import { findSyntecIndex, listConnectorCosts } from './billing.repo.ts';
import { recordConnectorCost } from './record-connector-cost.ts';
import { recordSyntecIndex } from './record-syntec-index.ts';

const DEMO: AuditActor = { userId: null, label: 'démonstration', ip: null };

/**
 * The demo's billing figures, after the demo communes' agreements: two Syntec values (demonstration figures, not
 * publications) and the maintenance of a connector developed for Rillieux-la-Pape (Connecté). Idempotent: what
 * exists is left alone.
 */
export async function seedBillingDemo(services: Services): Promise<void> {
  const today = parisDay(services.clock.now());
  for (const [month, hundredths, publishedOn] of [
    ['2025-10', 30_000, '2025-11-28'],
    ['2026-10', 30_690, '2026-11-27'],
  ] as const) {
    if (publishedOn <= today && !(await findSyntecIndex(services.db, month))) {
      await recordSyntecIndex(services, { actor: DEMO, month, hundredths, publishedOn });
    }
  }

  const commune = await services.tenants.bySlug('rillieux-la-pape');
  if (!commune) return;
  const { agreements, connectors } = await withTenant(services.db, commune.id, async (trx) => ({
    agreements: (await loadContract(trx)).agreements,
    connectors: await listConnectorCosts(trx),
  }));
  const agreement = agreements[0];
  if (!agreement || connectors.length > 0) return;
  await recordConnectorCost(services, {
    commune,
    actor: DEMO,
    label: 'Semi-connecteur vers la GRU communale',
    annualCents: 180_000,
    priceYear: 2026,
    activeFrom: agreement.metropole_signed_on,
    activeUntil: null,
  });
}
