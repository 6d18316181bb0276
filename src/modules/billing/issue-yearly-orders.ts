import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { SHARED_SERVICES } from '../../platform/tenancy/tenancy.repo.ts';
import { listTenantsWithAnnexesIn } from '../agreements/index.ts';
import { yearOf } from '../../platform/paris-time.ts';
import { countOrders, insertOrder } from './billing.repo.ts';
import { planServiceYear } from './billing-plan.ts';
import type { LineComputation } from './billing.tables.ts';
import { loadBillingData } from './load-billing-data.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';

/** Art. 10.3: "Un titre de recette annuel sera émis par la Métropole en juin de chaque année." */
export const ORDERS_MONTH = 6;

export type IssueYearlyOrdersResult = {
  year: number;
  issued: Array<{ tenantId: string; number: string; totalCents: number }>;
};

/**
 * The yearly revenue orders. From June on, each commune billed for the year gets its order: one line per paid
 * service, each with its computation step by step. A service whose line exists for the year is never billed again
 * (unique per commune, service and year), so the daily job can run every day of June and after: the first run of
 * June issues the year's orders, later runs only bill what started since (a commune joining in September, a service
 * added by amendment) in a complementary order.
 */
export async function issueYearlyOrders(
  services: Services,
  options: { today: string },
): Promise<IssueYearlyOrdersResult> {
  const { today } = options;
  const year = yearOf(today);
  const issued: IssueYearlyOrdersResult['issued'] = [];
  if (Number(today.slice(5, 7)) < ORDERS_MONTH) return { year, issued };
  const failures: string[] = [];
  for (const tenantId of await listTenantsWithAnnexesIn(services.db, year)) {
    try {
      const order = await issueOrderFor(services, { tenantId, year, today });
      if (order) issued.push(order);
    } catch (error) {
      // One commune's trouble must not hold up the others' orders; the job fails at the end and is retried.
      failures.push(`${tenantId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length) throw new Error(`titres non émis : ${failures.join(' ; ')}`);
  return { year, issued };
}

async function issueOrderFor(services: Services, options: { tenantId: string; year: number; today: string }) {
  const { tenantId, year, today } = options;
  const schedule = TARIFF_SCHEDULE_2026;
  const now = services.clock.now();
  return withTenant(services.db, tenantId, async (trx) => {
    const data = await loadBillingData(trx);
    const lines = [];
    for (const service of SHARED_SERVICES) {
      if (data.billedLines.some((l) => l.service === service && l.year === year)) continue;
      const planned = planServiceYear(data, schedule, service, year, today);
      if (!planned || planned.result.amountCents === 0) continue;
      const computation: LineComputation = {
        steps: planned.result.steps,
        population: planned.population.value,
        populationSource: planned.population.source,
        syntec: {
          reference: planned.syntec.reference
            ? { month: planned.syntec.reference.month, hundredths: planned.syntec.reference.hundredths }
            : null,
          current: planned.syntec.current
            ? { month: planned.syntec.current.month, hundredths: planned.syntec.current.hundredths }
            : null,
        },
      };
      lines.push({
        year,
        service,
        offer: planned.result.offer,
        line_kind: 'contribution' as const,
        amount_cents: planned.result.amountCents,
        full_year_cents: planned.result.fullYearCents,
        converging: planned.result.converging,
        billed_from: planned.billedFrom,
        billed_to: planned.billedTo,
        computation,
      });
    }
    if (lines.length === 0) return null;
    const sequence = (await countOrders(trx, year)) + 1;
    const number = `${year}-${data.commune.inseeCode ?? data.commune.slug}-${sequence}`;
    const totalCents = lines.reduce((sum, l) => sum + l.amount_cents, 0);
    const order = await insertOrder(
      trx,
      {
        year,
        number,
        kind: sequence === 1 ? 'annual' : 'complementary',
        issued_on: today,
        total_cents: totalCents,
        schedule_id: schedule.id,
        created_at: now,
      },
      lines,
    );
    await recordAudit(trx, {
      actor: SYSTEM_ACTOR,
      tenantId,
      action: 'billing.order.issue',
      target: { type: 'revenue_order', id: order.id },
      details: { number, year, totalCents, services: lines.map((l) => l.service) },
      at: now,
    });
    return { tenantId, number, totalCents };
  });
}
