import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { findTenantById } from '../../platform/tenancy/tenancy.repo.ts';
import { loadContract } from '../agreements/index.ts';
import { listConnectorCosts, listContributionLines, listPopulationOverrides, listSyntecIndex } from './billing.repo.ts';
import type { BillingData } from './billing-plan.ts';
import type { IndexValue } from './contribution-engine.ts';

/** The Syntec series as the engine reads it. */
export async function loadSyntecSeries(db: Executor): Promise<IndexValue[]> {
  return (await listSyntecIndex(db)).map((r) => ({
    month: r.month,
    hundredths: r.value_hundredths,
    publishedOn: r.published_on,
  }));
}

/** Everything the billing plan needs about one commune, read in the caller's tenant-scoped transaction. */
export async function loadBillingData(trx: TenantTransaction): Promise<BillingData> {
  const { tenantId } = trx;
  const tenant = await findTenantById(trx, tenantId);
  if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
  const [{ agreements, annexes }, syntec, overrides, connectors, billedLines] = await Promise.all([
    loadContract(trx),
    loadSyntecSeries(trx),
    listPopulationOverrides(trx),
    listConnectorCosts(trx),
    listContributionLines(trx),
  ]);
  return {
    commune: {
      id: tenant.id,
      name: tenant.name,
      inseeCode: tenant.insee_code,
      slug: tenant.slug,
      population: tenant.population ?? 0,
      populationYear: tenant.population_year,
    },
    agreements,
    annexes,
    syntec,
    populationOverrides: new Map(overrides.map((o) => [o.year, { population: o.population, source: o.source }])),
    connectors,
    billedLines,
  };
}
