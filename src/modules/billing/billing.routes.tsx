import { isUuid } from '../../platform/db/uuid.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isOperator } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { type ExportFormat, sendExport, sheetOf } from '../../platform/exports/index.ts';
import { type ApiRegistry } from '../../platform/http/api.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { SERVICE_LABELS, TOODEGO_OFFER_LABELS } from '../../platform/tenancy/offers.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { parisDay, yearOf } from '../../platform/paris-time.ts';
import { dateParts, joinDateParts, parseIndex, zDate } from '../../platform/http/form-fields.ts';
import {
  findOrder,
  findOrderAnyCommune,
  listLinesOfOrdersOfYear,
  listOrderLines,
  listOrdersOfYear,
  listSyntecIndex,
} from './billing.repo.ts';
import { registerAgreementPagesRoutes } from './agreement-pages.routes.tsx';
import { registerSimulatorRoutes } from './billing-simulator.routes.tsx';
import { registerContributionFormRoutes } from './contribution-forms.routes.tsx';
import { markOrderPaid } from './mark-order-paid.ts';
import { recordSyntecIndex } from './record-syntec-index.ts';
import type { SyntecIndexRow } from './billing.tables.ts';
import { BillingPrintPage, BillingYearPage, SyntecPage, type YearOrder } from './views/billing-pages.tsx';
import { ORDER_KIND_LABELS, OrderPage } from './views/order-page.tsx';
import { indexKnownOn } from './contribution-engine.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';
import { actorOf, productionCommuneOf } from '../../platform/http/route-helpers.ts';

const ZSyntecForm = z.object({
  month: z
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Saisissez le mois au format AAAA-MM, par exemple 2026-10'),
  value: z.string().transform((v, ctx) => {
    const hundredths = parseIndex(v);
    if (hundredths === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'Saisissez la valeur de l’indice, par exemple 302,5 (deux décimales au plus)',
      });
      return z.NEVER;
    }
    return hundredths;
  }),
  publishedOn: zDate('la date de publication'),
});

/** A year in the address, within what billing can hold. */
function yearParam(request: FastifyRequest): number {
  const raw = (request.params as { annee: string }).annee;
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2020 || Number(raw) > 2100)
    throw notFound('Aucune facturation pour cette année.');
  return Number(raw);
}

/** Billing screens: the year's orders and their exports, Syntec values, the simulator, each order's page. */
export function registerBillingRoutes(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;

  const yearOrders = async (year: number): Promise<YearOrder[]> => {
    const [orders, lines, tenantList] = await Promise.all([
      listOrdersOfYear(services.db, year),
      listLinesOfOrdersOfYear(services.db, year),
      services.tenants.all(),
    ]);
    const tenants = new Map(tenantList.map((t) => [t.id, t]));
    const linesByOrder = Map.groupBy(lines, (l) => l.order_id);
    const result: YearOrder[] = [];
    for (const order of orders) {
      const tenant = tenants.get(order.tenant_id);
      if (!tenant) continue;
      result.push({
        ...order,
        commune: { name: tenant.name, slug: tenant.slug, inseeCode: tenant.insee_code },
        lines: linesByOrder.get(order.id) ?? [],
      });
    }
    return result.sort((a, b) => compareFrench(a.commune.name, b.commune.name) || a.number.localeCompare(b.number));
  };

  app.get('/admin/facturation', async (request, reply) => {
    requireOperator(request);
    const today = parisDay(services.clock.now());
    const current = yearOf(today);
    const asked = (request.query as Record<string, unknown>).annee;
    const year =
      typeof asked === 'string' && /^\d{4}$/.test(asked) && Number(asked) >= 2026 && Number(asked) <= current + 1
        ? Number(asked)
        : current;
    const years = Array.from(
      { length: current + 2 - TARIFF_SCHEDULE_2026.firstBillingYear },
      (_, i) => TARIFF_SCHEDULE_2026.firstBillingYear + i,
    );
    const orders = await yearOrders(year);
    return sendPage(request, reply, (context) =>
      BillingYearPage({
        context,
        year,
        years,
        orders,
        today,
        orderHref: (o) => tenantPath(o.commune.slug, `/admin/convention/titres/${o.id}`),
      }),
    );
  });

  const yearSheets = (year: number, orders: YearOrder[]) => {
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
          {
            header: 'Offre',
            value: (r) =>
              r.line.service === 'toodego' ? (TOODEGO_OFFER_LABELS[r.line.offer as 'partenaire'] ?? r.line.offer) : '',
          },
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
  };

  for (const format of ['csv', 'ods'] as ExportFormat[]) {
    app.get(`/admin/facturation/:annee/titres.${format}`, async (request, reply) => {
      requireOperator(request);
      const year = yearParam(request);
      return sendExport(reply, {
        format,
        filename: `titres-de-recette-${year}`,
        sheets: yearSheets(year, await yearOrders(year)),
        generatedAt: services.clock.now(),
      });
    });
  }

  app.get('/admin/facturation/:annee/impression', async (request, reply) => {
    requireOperator(request);
    const year = yearParam(request);
    const orders = await yearOrders(year);
    return sendPage(request, reply, (context) => BillingPrintPage({ context, year, orders }));
  });

  const drawSyntec = async (
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[1],
    state: {
      values: { month: string; value: string; publishedOn: Record<string, string> };
      errors: Record<string, string>;
      saved: boolean;
    },
    status = 200,
  ) => {
    const rows = await listSyntecIndex(services.db);
    const series = rows.map((r) => ({
      month: r.month,
      hundredths: r.value_hundredths,
      publishedOn: r.published_on,
      row: r,
    }));
    const current = yearOf(parisDay(services.clock.now()));
    const knownOnFirstJanuary: Array<{ year: number; row: SyntecIndexRow | null }> = [];
    for (let year = TARIFF_SCHEDULE_2026.referenceYear; year <= current + 1; year++) {
      const known = indexKnownOn(series, `${year}-01-01`) as (typeof series)[number] | null;
      knownOnFirstJanuary.push({ year, row: known?.row ?? null });
    }
    return sendPage(request, reply, (context) => SyntecPage({ context, rows, knownOnFirstJanuary, ...state }), status);
  };

  app.get('/admin/facturation/syntec', async (request, reply) => {
    requireOperator(request);
    const saved = (request.query as Record<string, unknown>).fait === '1';
    return drawSyntec(request, reply, { values: { month: '', value: '', publishedOn: {} }, errors: {}, saved });
  });

  app.post('/admin/facturation/syntec', async (request, reply) => {
    const user = requireOperator(request);
    const raw = formValues(request.body);
    const values = joinDateParts(raw, ['publishedOn']);
    const redraw = (errors: Record<string, string>) =>
      drawSyntec(
        request,
        reply,
        {
          values: {
            month: String(raw.month ?? ''),
            value: String(raw.value ?? ''),
            publishedOn: dateParts(raw, 'publishedOn'),
          },
          errors,
          saved: false,
        },
        422,
      );
    const parsed = parseForm(ZSyntecForm, values);
    if (!parsed.ok) return redraw(parsed.errors);
    const result = await recordSyntecIndex(services, {
      actor: actorOf(request, user),
      month: parsed.data.month,
      hundredths: parsed.data.value,
      publishedOn: parsed.data.publishedOn,
    });
    if (!result.ok) return redraw(result.errors);
    return redirectWithin(request, reply, '/admin/facturation/syntec?fait=1');
  });

  app.post('/admin/facturation/titres/:id/paiement', async (request, reply) => {
    const user = requireOperator(request);
    const id = (request.params as { id: string }).id;
    if (!isUuid(id)) throw notFound();
    const order = await findOrderAnyCommune(services.db, id);
    const commune = order ? await services.tenants.byId(order.tenant_id) : undefined;
    if (!order || !commune) throw notFound("Ce titre de recette n'existe pas.");
    const raw = formValues(request.body);
    const paidOn = zDate('la date du paiement').safeParse(joinDateParts(raw, ['paidOn']).paidOn);
    const result = paidOn.success
      ? await markOrderPaid(services, {
          tenantId: commune.id,
          orderId: order.id,
          paidOn: paidOn.data,
          actor: actorOf(request, user),
        })
      : { ok: false as const, error: paidOn.error.issues[0]?.message ?? 'Date invalide' };
    if (!result.ok) {
      if ('notFound' in result) throw notFound();
      return drawOrder(request, reply, commune, order.id, { paidOn: result.error }, dateParts(raw, 'paidOn'), 422);
    }
    return reply.redirect(tenantPath(commune.slug, `/admin/convention/titres/${order.id}?paye=1`), 303);
  });

  // A commune's orders, on its own instance: its administrators and the operators (tenant-isolated).
  const loadOrder = async (tenantId: string, id: string) => {
    if (!isUuid(id)) throw notFound("Ce titre de recette n'existe pas.");
    return withTenant(services.db, tenantId, async (trx) => {
      const order = await findOrder(trx, tenantId, id);
      if (!order) throw notFound("Ce titre de recette n'existe pas.");
      return { order, lines: await listOrderLines(trx, tenantId, [order.id]) };
    });
  };

  const drawOrder = async (
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[1],
    commune: { id: string; name: string; insee_code: string | null },
    id: string,
    errors: Record<string, string>,
    paid: Record<string, string>,
    status = 200,
  ) => {
    const { order, lines } = await loadOrder(commune.id, id);
    const operator = isOperator(request.user);
    return sendPage(
      request,
      reply,
      (context) =>
        OrderPage({
          context,
          commune: { name: commune.name, inseeCode: commune.insee_code },
          order,
          lines,
          payment:
            operator && !order.paid_on
              ? { action: `/admin/facturation/titres/${order.id}/paiement`, dates: { paidOn: paid }, errors }
              : null,
          paidNotice: (request.query as Record<string, unknown>).paye === '1',
        }),
      status,
    );
  };

  app.get('/admin/convention/titres/:id', async (request, reply) => {
    const commune = productionCommuneOf(request);
    return drawOrder(request, reply, commune, (request.params as { id: string }).id, {}, {});
  });

  for (const format of ['csv', 'ods'] as ExportFormat[]) {
    app.get(`/admin/convention/titres/:id/export.${format}`, async (request, reply) => {
      const commune = productionCommuneOf(request);
      const { order, lines } = await loadOrder(commune.id, (request.params as { id: string }).id);
      const lineSheet = sheetOf(
        `Titre ${order.number}`,
        [
          { header: 'Numéro', value: () => order.number },
          { header: 'Commune', value: () => commune.name },
          { header: 'Code INSEE', value: () => commune.insee_code },
          { header: 'Année', type: 'integer', value: () => order.year },
          { header: 'Service', value: (l) => SERVICE_LABELS[l.service] },
          {
            header: 'Offre',
            value: (l) => (l.service === 'toodego' ? (TOODEGO_OFFER_LABELS[l.offer as 'partenaire'] ?? l.offer) : ''),
          },
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
      return sendExport(reply, {
        format,
        filename: `titre-${order.number}`,
        sheets: [lineSheet, stepSheet],
        generatedAt: services.clock.now(),
      });
    });
  }

  registerSimulatorRoutes(app, api);
  registerAgreementPagesRoutes(app);
  registerContributionFormRoutes(app);
}
