import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ExportFormat, sendExport } from '../../platform/exports/index.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { sendPage, tenantPath } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { parisDay, yearOf } from '../../platform/paris-time.ts';
import { loadYearOrders } from './load-year-orders.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';
import { BillingPrintPage, BillingYearPage } from './views/billing-pages.tsx';
import { yearSheets } from './views/billing-sheets.ts';

const ZYear = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number);
/** A year of the address, within what billing can hold (the page says so when it is not). */
const ZYearParams = z.object({ annee: z.string() });
const ZBilledYear = ZYear.pipe(z.number().min(2020).max(2100));
/** The year asked for on the orders' page; anything else shows the current year. */
const ZYearQuery = z.object({ annee: ZYear.optional().catch(undefined) });

function yearParam(request: FastifyRequest): number {
  const year = ZBilledYear.safeParse(parseParams(ZYearParams, request).annee);
  if (!year.success) throw notFound('Aucune facturation pour cette année.');
  return year.data;
}

/** A year's revenue orders for operators: the page, its exports, its printable version. */
export function registerBillingYearRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/admin/facturation', async (request, reply) => {
    requireOperator(request);
    const today = parisDay(services.clock.now());
    const current = yearOf(today);
    const asked = parseQuery(ZYearQuery, request).annee;
    const year = asked !== undefined && asked >= 2026 && asked <= current + 1 ? asked : current;
    const years = Array.from(
      { length: current + 2 - TARIFF_SCHEDULE_2026.firstBillingYear },
      (_, i) => TARIFF_SCHEDULE_2026.firstBillingYear + i,
    );
    const orders = await loadYearOrders(services, year);
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

  for (const format of ['csv', 'ods'] as ExportFormat[]) {
    app.get(`/admin/facturation/:annee/titres.${format}`, async (request, reply) => {
      requireOperator(request);
      const year = yearParam(request);
      return sendExport(reply, {
        format,
        filename: `titres-de-recette-${year}`,
        sheets: yearSheets(year, await loadYearOrders(services, year)),
        generatedAt: services.clock.now(),
      });
    });
  }

  app.get('/admin/facturation/:annee/impression', async (request, reply) => {
    requireOperator(request);
    const year = yearParam(request);
    const orders = await loadYearOrders(services, year);
    return sendPage(request, reply, (context) => BillingPrintPage({ context, year, orders }));
  });
}
