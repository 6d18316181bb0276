import type { SharedService, SubscriptionOffer } from '../../platform/db/schema.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { SHARED_SERVICES } from '../../platform/tenancy/tenancy.repo.ts';
import { listOrderLines, listOrders, listPopulationOverrides } from '../billing/billing.repo.ts';
import type {
  ConnectorCostRow,
  PopulationOverride,
  RevenueOrder,
  RevenueOrderLine,
} from '../billing/billing.tables.ts';
import { planServiceYear, populationFor } from '../billing/billing-plan.ts';
import { loadBillingData } from '../billing/load-billing-data.ts';
import { TARIFF_SCHEDULE_2026 } from '../billing/tariffs.ts';
import { type AgreementCalendar, agreementCalendar } from './agreement-terms.ts';
import { listAmendments, listDisputes, listNotices, listTasks } from './agreements.repo.ts';
import type {
  Agreement,
  AgreementAmendment,
  AgreementAnnex,
  AgreementDispute,
  AgreementNotice,
  TransitionTask,
} from './agreements.tables.ts';
import { offerOn } from './annex-periods.ts';
import { parisDay, yearOf } from '../../platform/paris-time.ts';

export type YearAmount = {
  service: SharedService;
  offer: SubscriptionOffer;
  amountCents: number;
  /** Already on an order, or an estimate from today's data. */
  billed: boolean;
};

/** Everything a commune's agreement file shows, for operators (with forms) and the commune (read-only). */
export type CommuneFile = {
  commune: { id: string; name: string; slug: string; inseeCode: string | null };
  today: string;
  agreement: Agreement | null;
  calendar: AgreementCalendar | null;
  annexes: AgreementAnnex[];
  offersToday: Record<SharedService, SubscriptionOffer>;
  amendments: AgreementAmendment[];
  notices: AgreementNotice[];
  disputes: AgreementDispute[];
  tasks: TransitionTask[];
  orders: Array<RevenueOrder & { lines: RevenueOrderLine[] }>;
  year: number;
  yearAmounts: YearAmount[];
  population: { value: number; source: string };
  populationOverrides: PopulationOverride[];
  connectors: ConnectorCostRow[];
};

export async function loadCommuneFile(
  services: Services,
  commune: { id: string; name: string; slug: string; insee_code: string | null },
): Promise<CommuneFile> {
  const today = parisDay(services.clock.now());
  const year = yearOf(today);
  return withTenant(services.db, commune.id, async (trx) => {
    const [amendments, notices, disputes, tasks, orders, overrides, data] = await Promise.all([
      listAmendments(trx, commune.id),
      listNotices(trx, commune.id),
      listDisputes(trx, commune.id),
      listTasks(trx, commune.id),
      listOrders(trx, commune.id),
      listPopulationOverrides(trx, commune.id),
      loadBillingData(trx, commune.id),
    ]);
    // The billing data already holds the agreements (latest first) and the connectors: not read a second time.
    const agreement = data.agreements[0];
    const lines = await listOrderLines(
      trx,
      commune.id,
      orders.map((o) => o.id),
    );
    const annexes = agreement ? data.annexes.filter((a) => a.agreement_id === agreement.id) : [];
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
      commune: { id: commune.id, name: commune.name, slug: commune.slug, inseeCode: commune.insee_code },
      today,
      agreement: agreement ?? null,
      calendar: agreement
        ? agreementCalendar({ effectiveOn: agreement.effective_on, lastDay: agreement.last_day }, today)
        : null,
      annexes,
      offersToday: Object.fromEntries(SHARED_SERVICES.map((s) => [s, offerOn(annexes, s, today)])) as Record<
        SharedService,
        SubscriptionOffer
      >,
      amendments: agreement ? amendments.filter((a) => a.agreement_id === agreement.id) : amendments,
      notices,
      disputes,
      tasks,
      orders: orders.map((o) => ({ ...o, lines: lines.filter((l) => l.order_id === o.id) })),
      year,
      yearAmounts,
      population: populationFor(data, year),
      populationOverrides: overrides,
      connectors: data.connectors,
    };
  });
}
