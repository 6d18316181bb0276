import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dateParts, joinDateParts, parseIndex, zDate } from '../../platform/http/form-fields.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { loadSyntecValues } from './load-syntec-values.ts';
import { recordSyntecIndex } from './record-syntec-index.ts';
import { SyntecPage } from './views/billing-pages.tsx';

const ZSyntecQuery = z.object({ fait: z.string().optional().catch(undefined) });

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

type SyntecFormState = {
  values: { month: string; value: string; publishedOn: Record<string, string> };
  errors: FieldErrors;
  saved: boolean;
};

/** Operators enter the Syntec values, and see which one each billing year uses. */
export function registerSyntecRoutes(app: FastifyInstance): void {
  const { services } = app;

  const drawSyntec = async (request: FastifyRequest, reply: FastifyReply, state: SyntecFormState, status = 200) => {
    const values = await loadSyntecValues(services);
    return sendPage(request, reply, (context) => SyntecPage({ context, ...values, ...state }), status);
  };

  app.get('/admin/facturation/syntec', async (request, reply) => {
    requireOperator(request);
    const saved = parseQuery(ZSyntecQuery, request).fait === '1';
    return drawSyntec(request, reply, { values: { month: '', value: '', publishedOn: {} }, errors: {}, saved });
  });

  app.post('/admin/facturation/syntec', async (request, reply) => {
    const user = requireOperator(request);
    const raw = formValues(request.body);
    const redraw = (errors: FieldErrors) =>
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
    const parsed = parseForm(ZSyntecForm, joinDateParts(raw, ['publishedOn']));
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
}
