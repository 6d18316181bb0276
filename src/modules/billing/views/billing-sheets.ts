import { type ExportSheet, sheetOf } from '../../../platform/exports/index.ts';
import { SERVICE_LABELS, TOODEGO_OFFER_LABELS } from '../../../platform/tenancy/offers.ts';
import type { RevenueOrder, RevenueOrderLine } from '../billing.tables.ts';
import type { YearOrder } from './billing-pages.tsx';
import { ORDER_KIND_LABELS } from './order-page.tsx';

/** The orders as spreadsheets (CSV, ODS): a year's for operators, one order's for its commune. */

const offerText = (line: RevenueOrderLine) =>
  line.service === 'toodego' ? (TOODEGO_OFFER_LABELS[line.offer as 'partenaire'] ?? line.offer) : '';

/** A year's orders, line by line, and the total of each commune. */
export function yearSheets(year: number, orders: YearOrder[]): ExportSheet[] {
  const rows = orders.flatMap((o) => o.lines.map((line) => ({ order: o, line })));
  return [
    sheetOf(
      `Titres ${year}`,
      [
        { header: 'Numéro', value: (r) => r.order.number },
        { header: 'Commune', value: (r) => r.order.commune.name },
        { header: 'Code INSEE', value: (r) => r.order.commune.inseeCode },
        { header: 'Nature', value: (r) => ORDER_KIND_LABELS[r.order.kind] },
        { header: 'Émis le', type: 'date', value: (r) => r.order.issued_on },
        { header: 'Service', value: (r) => SERVICE_LABELS[r.line.service] },
        { header: 'Offre', value: (r) => offerText(r.line) },
        { header: 'Population', type: 'integer', value: (r) => r.line.computation.population || null },
        { header: 'Période du', type: 'date', value: (r) => r.line.billed_from },
        { header: 'au', type: 'date', value: (r) => r.line.billed_to },
        { header: 'Montant (€)', type: 'euros', value: (r) => r.line.amount_cents },
        { header: 'Payé le', type: 'date', value: (r) => r.order.paid_on },
      ],
      rows,
    ),
    sheetOf(
      'Total par commune',
      [
        { header: 'Commune', value: (r) => r.name },
        { header: 'Code INSEE', value: (r) => r.inseeCode },
        { header: 'Total (€)', type: 'euros', value: (r) => r.total },
      ],
      [...new Map(orders.map((o) => [o.commune.slug, o.commune])).values()].map((c) => ({
        ...c,
        total: orders.filter((o) => o.commune.slug === c.slug).reduce((sum, o) => sum + o.total_cents, 0),
      })),
    ),
  ];
}

/** One order: its lines, then each line's computation step by step. */
export function orderSheets(
  commune: { name: string; insee_code: string | null },
  order: RevenueOrder,
  lines: RevenueOrderLine[],
): ExportSheet[] {
  const lineSheet = sheetOf(
    `Titre ${order.number}`,
    [
      { header: 'Numéro', value: () => order.number },
      { header: 'Commune', value: () => commune.name },
      { header: 'Code INSEE', value: () => commune.insee_code },
      { header: 'Année', type: 'integer', value: () => order.year },
      { header: 'Service', value: (l) => SERVICE_LABELS[l.service] },
      { header: 'Offre', value: (l) => offerText(l) },
      { header: 'Population', type: 'integer', value: (l) => l.computation.population || null },
      { header: 'Période du', type: 'date', value: (l) => l.billed_from },
      { header: 'au', type: 'date', value: (l) => l.billed_to },
      { header: 'Montant (€)', type: 'euros', value: (l) => l.amount_cents },
    ],
    lines,
  );
  const stepSheet = sheetOf(
    'Calcul',
    [
      { header: 'Service', value: (r) => SERVICE_LABELS[r.service] },
      { header: 'Étape', value: (r) => r.step.label },
      { header: 'Détail', value: (r) => r.step.detail },
      { header: 'Montant (€)', type: 'euros', value: (r) => r.step.amountCents },
      { header: 'Source', value: (r) => r.step.source },
    ],
    lines.flatMap((l) => l.computation.steps.map((step) => ({ service: l.service, step }))),
  );
  return [lineSheet, stepSheet];
}
