import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isOperator } from '../../platform/auth/current-user.ts';
import { isUuid } from '../../platform/db/uuid.ts';
import { type ExportFormat, sendExport } from '../../platform/exports/index.ts';
import { notFound } from '../../platform/http/errors.ts';
import { dateParts, joinDateParts, zDate } from '../../platform/http/form-fields.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { sendPage, tenantPath } from '../../platform/http/render.tsx';
import { actorOf, productionCommuneOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { findOrderAnyCommune } from './billing.repo.ts';
import { loadOrder } from './load-order.ts';
import { markOrderPaid } from './mark-order-paid.ts';
import { orderSheets } from './views/billing-sheets.ts';
import { OrderPage } from './views/order-page.tsx';

/** An order on its commune's pages: any string, one that names none of its orders gets the page's "does not exist". */
const ZOrderParams = z.object({ id: z.string() });
/** The operators' payment form posts to the metropolis's instance: an id that is not one names nothing. */
const ZPaymentParams = z.object({ id: z.string().refine(isUuid) });
const ZPaymentForm = z.object({ paidOn: zDate('la date du paiement') });
const ZOrderQuery = z.object({ paye: z.string().optional().catch(undefined) });

/**
 * A commune's orders, on its own instance: its administrators and the operators (tenant-isolated), each order with
 * its computation and its exports; operators record payments.
 */
export function registerOrderRoutes(app: FastifyInstance): void {
  const { services } = app;

  const orderOf = async (tenantId: string, id: string) => {
    const found = await loadOrder(services, tenantId, id);
    if (!found) throw notFound("Ce titre de recette n'existe pas.");
    return found;
  };

  const drawOrder = async (
    request: FastifyRequest,
    reply: FastifyReply,
    commune: { id: string; name: string; insee_code: string | null },
    id: string,
    errors: FieldErrors,
    paid: Record<string, string>,
    status = 200,
  ) => {
    const { order, lines } = await orderOf(commune.id, id);
    const operator = isOperator(request.user);
    const paidNotice = parseQuery(ZOrderQuery, request).paye === '1';
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
          paidNotice,
        }),
      status,
    );
  };

  app.post('/admin/facturation/titres/:id/paiement', async (request, reply) => {
    const user = requireOperator(request);
    const { id } = parseParams(ZPaymentParams, request);
    const order = await findOrderAnyCommune(services.db, id);
    const commune = order ? await services.tenants.byId(order.tenant_id) : undefined;
    if (!order || !commune) throw notFound("Ce titre de recette n'existe pas.");
    const raw = formValues(request.body);
    const form = parseForm(ZPaymentForm, joinDateParts(raw, ['paidOn']));
    const result = form.ok
      ? await markOrderPaid(services, {
          tenantId: commune.id,
          orderId: order.id,
          paidOn: form.data.paidOn,
          actor: actorOf(request, user),
        })
      : { ok: false as const, error: form.errors.paidOn ?? 'Date invalide' };
    if (!result.ok) {
      if ('notFound' in result) throw notFound();
      return drawOrder(request, reply, commune, order.id, { paidOn: result.error }, dateParts(raw, 'paidOn'), 422);
    }
    return reply.redirect(tenantPath(commune.slug, `/admin/convention/titres/${order.id}?paye=1`), 303);
  });

  app.get('/admin/convention/titres/:id', async (request, reply) => {
    const commune = productionCommuneOf(request);
    return drawOrder(request, reply, commune, parseParams(ZOrderParams, request).id, {}, {});
  });

  for (const format of ['csv', 'ods'] as ExportFormat[]) {
    app.get(`/admin/convention/titres/:id/export.${format}`, async (request, reply) => {
      const commune = productionCommuneOf(request);
      const { order, lines } = await orderOf(commune.id, parseParams(ZOrderParams, request).id);
      return sendExport(reply, {
        format,
        filename: `titre-${order.number}`,
        sheets: orderSheets(commune, order, lines),
        generatedAt: services.clock.now(),
      });
    });
  }
}
