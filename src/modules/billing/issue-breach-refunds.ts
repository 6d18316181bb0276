import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { findTenantById } from '../../platform/tenancy/tenancy.repo.ts';
import { yearOf } from '../../platform/paris-time.ts';
import { countOrders, insertOrder, listContributionLines, listOrders } from './billing.repo.ts';
import type { LineComputation } from './billing.tables.ts';
import { refundForMetropoleBreach } from './contribution-engine.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';

/**
 * Termination for the metropolis's breach (art. 12.2): "la participation financière, si elle est déjà acquittée,
 * sera restituée à la Commune au pro rata temporis". Runs in the termination's transaction: each contribution already
 * billed for the year of the last day gets a refund line for the days after it (a reduction when not yet paid).
 */
export async function issueBreachRefunds(
  trx: TenantTransaction,
  options: { lastDay: string; today: string; actor: AuditActor; now: Date },
): Promise<{ refundCents: number }> {
  const { lastDay, today, now } = options;
  const { tenantId } = trx;
  const year = yearOf(lastDay);
  const billed = (await listContributionLines(trx)).filter((l) => l.year === year && l.billed_to > lastDay);
  if (billed.length === 0) return { refundCents: 0 };
  const paid = new Map((await listOrders(trx)).map((o) => [o.id, o.paid_on !== null]));
  const lines = billed
    .map((line) => {
      const refund = refundForMetropoleBreach({
        paidCents: line.amount_cents,
        billedFrom: line.billed_from,
        billedTo: line.billed_to,
        lastDay,
      });
      const computation: LineComputation = {
        steps: [
          {
            ...refund.step,
            label: paid.get(line.order_id) ? refund.step.label : 'Réduction du titre au prorata temporis',
          },
        ],
        population: 0,
        populationSource: '',
        syntec: { reference: null, current: null },
      };
      return {
        year,
        service: line.service,
        offer: line.offer,
        line_kind: 'refund' as const,
        amount_cents: -refund.cents,
        full_year_cents: line.full_year_cents,
        converging: false,
        billed_from: line.billed_from,
        billed_to: line.billed_to,
        computation,
      };
    })
    .filter((l) => l.amount_cents < 0);
  if (lines.length === 0) return { refundCents: 0 };
  const tenant = await findTenantById(trx, tenantId);
  const sequence = (await countOrders(trx, year)) + 1;
  const total = lines.reduce((sum, l) => sum + l.amount_cents, 0);
  const order = await insertOrder(
    trx,
    {
      year,
      number: `${year}-${tenant?.insee_code ?? tenant?.slug ?? 'commune'}-${sequence}`,
      kind: 'refund',
      issued_on: today,
      total_cents: total,
      schedule_id: TARIFF_SCHEDULE_2026.id,
      created_at: now,
    },
    lines,
  );
  await recordAudit(trx, {
    actor: options.actor,
    tenantId,
    action: 'billing.order.refund',
    target: { type: 'revenue_order', id: order.id },
    details: { number: order.number, year, totalCents: total, lastDay },
    at: now,
  });
  return { refundCents: -total };
}
