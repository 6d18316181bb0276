import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { AuditActor } from '../../platform/audit/audit.repo.ts';
import { dateParts, joinDateParts } from '../../platform/http/form-fields.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { pageContext, redirectWithin, renderHtml } from '../../platform/http/render.tsx';
import { actorOf, productionCommuneBySlug } from '../../platform/http/route-helpers.ts';
import { parseParams } from '../../platform/http/route-input.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { DateValues, FormValues } from './views/form-page.tsx';

const ZCommuneParams = z.object({ slug: z.string() });

/**
 * The production commune a page of an operator's file names by `:slug` (404 otherwise). A page about one object of
 * the file reads its `:id` itself.
 */
export function fileCommuneOf(services: Services, request: FastifyRequest): Promise<ResolvedTenant> {
  return productionCommuneBySlug(services, parseParams(ZCommuneParams, request).slug);
}

/** Done: back to the file, which says so (`?fait=<done>`); or the errors to redraw the form with. */
export type FileFormOutcome = { ok: true; done: string } | { ok: false; errors: FieldErrors };

type FormState = { values: FormValues; dates: DateValues; errors: FieldErrors };

/**
 * One form page of a commune's file, at `/admin/conventions/:slug/<path>`: GET draws it, POST validates (dates typed
 * in three fields are joined first), runs the use case, and either redraws with the errors (422) or goes back to the
 * file with a notice. Operators only, for production communes.
 */
export type AgreementFileForm<S extends z.ZodType> = {
  path: string;
  /** The date fields, typed as day, month, year. */
  dates: string[];
  /** The form's schema, or one chosen from what was typed (a field that depends on another). */
  schema: S | ((values: FormValues) => S);
  initial?: (
    commune: ResolvedTenant,
  ) => Promise<{ values: FormValues; dates: DateValues }> | { values: FormValues; dates: DateValues };
  render: (
    context: PageContext,
    commune: ResolvedTenant,
    state: FormState,
    request: FastifyRequest,
  ) => Promise<VNode> | VNode;
  submit: (
    commune: ResolvedTenant,
    data: z.output<S>,
    actor: AuditActor,
    request: FastifyRequest,
  ) => Promise<FileFormOutcome>;
};

export function registerAgreementFileForm<S extends z.ZodType>(app: FastifyInstance, spec: AgreementFileForm<S>): void {
  const { services } = app;
  const draw = async (
    request: FastifyRequest,
    reply: FastifyReply,
    commune: ResolvedTenant,
    state: FormState,
    status = 200,
  ) => {
    // Some forms read the file to describe what they act on: the page is rendered once that is loaded.
    const context = await pageContext(request, reply);
    const page = await spec.render(context, commune, state, request);
    return reply.status(status).type('text/html; charset=utf-8').send(renderHtml(page));
  };
  app.get(`/admin/conventions/:slug/${spec.path}`, async (request, reply) => {
    requireOperator(request);
    const commune = await fileCommuneOf(services, request);
    const initial = spec.initial ? await spec.initial(commune) : { values: {}, dates: {} };
    return draw(request, reply, commune, { ...initial, errors: {} });
  });
  app.post(`/admin/conventions/:slug/${spec.path}`, async (request, reply) => {
    const user = requireOperator(request);
    const commune = await fileCommuneOf(services, request);
    const raw = formValues(request.body);
    const values = joinDateParts(raw, spec.dates);
    const dates = Object.fromEntries(spec.dates.map((name) => [name, dateParts(raw, name)]));
    const schema = typeof spec.schema === 'function' ? spec.schema(values) : spec.schema;
    const parsed = parseForm(schema, values);
    const outcome: FileFormOutcome = parsed.ok
      ? await spec.submit(commune, parsed.data, actorOf(request, user), request)
      : { ok: false, errors: parsed.errors };
    if (!outcome.ok) return draw(request, reply, commune, { values: raw, dates, errors: outcome.errors }, 422);
    return redirectWithin(request, reply, `/admin/conventions/${commune.slug}?fait=${outcome.done}`);
  });
}
