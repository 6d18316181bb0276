import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisDay, yearOf } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { SHARED_SERVICES } from '../../platform/tenancy/tenancy.repo.ts';
import { type AgreementFile, loadAgreementFile } from '../agreements/index.ts';
import { listOrderLines, listOrders, listPopulationOverrides } from './billing.repo.ts';
import type { ConnectorCostRow, PopulationOverride, RevenueOrder, RevenueOrderLine } from './billing.tables.ts';
import { planServiceYear, populationFor } from './billing-plan.ts';
import { loadBillingData } from './load-billing-data.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';

export type YearAmount = {
  service: SharedService;
  offer: SubscriptionOffer;
  amountCents: number;
  /** Already on an order, or an estimate from today's data. */
  billed: boolean;
};

/** What a commune's file shows of its contributions: this year's amounts, the figures they come from, its orders. */
export type ContributionsFile = {
  orders: Array<RevenueOrder & { lines: RevenueOrderLine[] }>;
  year: number;
  yearAmounts: YearAmount[];
  population: { value: number; source: string };
  populationOverrides: PopulationOverride[];
  connectors: ConnectorCostRow[];
};

/** A commune's whole file, for operators (with forms) and the commune (read-only): its agreement, its contributions. */
export type CommuneFile = { agreement: AgreementFile; contributions: ContributionsFile };

/** Reads the commune's file in one tenant-scoped transaction, the contract once for both parts. */
export async function loadCommuneFile(
  services: Services,
  commune: { id: string; name: string; slug: string; insee_code: string | null },
): Promise<CommuneFile> {
  const today = parisDay(services.clock.now());
  const year = yearOf(today);
  return withTenant(services.db, commune.id, async (trx) => {
    const data = await loadBillingData(trx);
    const [agreement, orders, overrides] = await Promise.all([
      loadAgreementFile(trx, { commune, today, contract: data }),
      listOrders(trx),
      listPopulationOverrides(trx),
    ]);
    const lines = await listOrderLines(
      trx,
      orders.map((o) => o.id),
    );
    const yearAmounts: YearAmount[] = [];
    for (const service of SHARED_SERVICES) {
      const line = lines.find((l) => l.service === service && l.year === year && l.line_kind === 'contribution');
      if (line) {
        yearAmounts.push({ service, offer: line.offer, amountCents: line.amount_cents, billed: true });
        continue;
      }
      const planned = planServiceYear(data, TARIFF_SCHEDULE_2026, service, year, today);
      if (planned)
        yearAmounts.push({
          service,
          offer: planned.result.offer,
          amountCents: planned.result.amountCents,
          billed: false,
        });
    }
    return {
      agreement,
      contributions: {
        orders: orders.map((o) => ({ ...o, lines: lines.filter((l) => l.order_id === o.id) })),
        year,
        yearAmounts,
        population: populationFor(data, year),
        populationOverrides: overrides,
        connectors: data.connectors,
      },
    };
  });
}
