import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { loadModeration, loadModerationList } from './load-moderation.ts';
import { moderateReport, ZModerationForm } from './moderate-report.ts';
import { requireModerator } from './reports.policy.ts';
import { ModerateReportPage, ModerationListPage } from './views/moderation-pages.tsx';

const PAGE = '/admin/signalements';
const ZReportParams = z.object({ id: z.string().max(100) });
const ZListQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });
const ZDoneQuery = z.object({
  fait: z.enum(['masquer', 'afficher', 'modifier', 'retablir']).optional().catch(undefined),
});

/** Moderation of public reports (issue 15 §7, T12): the list with each one's state, and each one's page. */
export function registerModerationRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get(PAGE, async (request, reply) => {
    const { holderId } = requireModerator(request);
    const list = await loadModerationList(services, { holderId, page: parseQuery(ZListQuery, request).page });
    return sendPage(request, reply, (context) => ModerationListPage({ context, ...list }));
  });

  app.get(`${PAGE}/:id`, async (request, reply) => {
    const { holderId } = requireModerator(request);
    const loaded = await loadModeration(services, { reportId: parseParams(ZReportParams, request).id, holderId });
    if (!loaded) throw notFound();
    const done = parseQuery(ZDoneQuery, request).fait ?? null;
    return sendPage(request, reply, (context) =>
      ModerateReportPage({ context, ...loaded, done, values: {}, errors: {} }),
    );
  });

  app.post(`${PAGE}/:id`, async (request, reply) => {
    const { holderId, actor } = requireModerator(request);
    const { id } = parseParams(ZReportParams, request);
    const loaded = await loadModeration(services, { reportId: id, holderId });
    if (!loaded) throw notFound();
    const form = parseForm(ZModerationForm, request.body);
    if (!form.ok)
      return sendPage(
        request,
        reply,
        (context) =>
          ModerateReportPage({ context, ...loaded, done: null, values: formText(form.values), errors: form.errors }),
        422,
      );
    const outcome = await moderateReport(services, {
      reportId: id,
      holderId,
      actor,
      moderatorName: request.tenant.name,
      form: form.data,
    });
    if (!outcome.ok) throw notFound();
    return redirectWithin(request, reply, `${PAGE}/${id}?fait=${form.data.action}`);
  });
}
