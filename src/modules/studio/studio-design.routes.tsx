import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseQuery } from '../../platform/http/route-input.ts';
import { appointmentChoices, pagesOf } from '../forms/index.ts';
import { workflowProblems } from '../workflows/index.ts';
import { diffRevisions } from './diff-revisions.ts';
import type { StudioService } from './load-studio-service.ts';
import { saveDraft } from './save-draft.ts';
import { ZServiceDraft } from './service-draft.ts';
import { requireStudio, type StudioAccess } from './studio-access.ts';
import { listRevisions } from './studio.repo.ts';
import { loadRequestedService } from './studio.routes.tsx';
import { PreviewPage } from './views/preview-page.tsx';
import { VersionsPage } from './views/studio-pages.tsx';
import { WorkflowPage } from './views/workflow-page.tsx';
import { anchorOf, anchorOfValues, applyWorkflowOperation, ZWorkflowOperation } from './workflow-editing.ts';

const ZPreviewQuery = z.object({
  page: z.coerce.number().int().min(1).max(200).catch(1).default(1),
  // The day an appointment field shows, picked by a link as citizens do.
  jour: z.iso.date().optional().catch(undefined),
});
const ZVersionsQuery = z.object({
  de: z.coerce.number().int().min(1).optional().catch(undefined),
  a: z.coerce.number().int().min(1).optional().catch(undefined),
});
const ZWorkflowQuery = z.object({ fait: z.literal('1').optional().catch(undefined) });

/** The studio's design pages: the preview, the workflow builder, the versions and their differences. */
export function registerStudioDesignRoutes(app: FastifyInstance): void {
  const { services } = app;

  const load = (request: FastifyRequest, access: StudioAccess) => loadRequestedService(services, request, access);

  app.get('/admin/studio/:id/apercu', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const { page, jour } = parseQuery(ZPreviewQuery, request);
    const definition = found.draft.form;
    const pages = pagesOf(definition);
    const appointments = await appointmentChoices(services, found.service.tenant_id, definition.fields, {}, jour);
    return sendPage(request, reply, (context) =>
      PreviewPage({
        context,
        id: found.service.id,
        serviceTitle: found.draft.service.title,
        definition,
        pages,
        appointments,
        index: Math.min(page, pages.length) - 1,
      }),
    );
  });

  const renderWorkflow = (
    request: FastifyRequest,
    reply: FastifyReply,
    found: StudioService,
    state: { refusal?: { anchor: string; message: string }; notice?: string | null; status?: number } = {},
  ) =>
    sendPage(
      request,
      reply,
      (context) =>
        WorkflowPage({
          context,
          id: found.service.id,
          serviceTitle: found.draft.service.title,
          workflow: found.draft.workflow,
          problems: workflowProblems(found.draft.workflow),
          notice: state.notice ?? null,
          refusal: state.refusal ?? null,
        }),
      state.status ?? 200,
    );

  app.get('/admin/studio/:id/circuit', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const { fait } = parseQuery(ZWorkflowQuery, request);
    return renderWorkflow(request, reply, found, {
      notice: fait ? 'Enregistré : une nouvelle version (brouillon) est créée.' : null,
    });
  });

  app.post('/admin/studio/:id/circuit', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const values = formValues(request.body);
    const parsed = ZWorkflowOperation.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const anchor = anchorOfValues(values);
      return renderWorkflow(request, reply, found, {
        refusal: { anchor, message: issue?.message ?? 'Modification refusée.' },
        status: 422,
      });
    }
    const operation = parsed.data;
    const saved = await saveDraft(services, access, found.service.id, (draft) => {
      const applied = applyWorkflowOperation(draft.workflow, operation, values);
      return 'error' in applied ? applied : { draft: { ...draft, workflow: applied.workflow }, note: applied.note };
    });
    if (!saved.ok) {
      if ('error' in saved)
        return renderWorkflow(request, reply, found, {
          refusal: { anchor: anchorOf(operation), message: saved.error },
          status: 422,
        });
      throw notFound();
    }
    return redirectWithin(request, reply, `/admin/studio/${found.service.id}/circuit?fait=1#${anchorOf(operation)}`);
  });

  app.get('/admin/studio/:id/versions', async (request, reply) => {
    const access = requireStudio(request);
    const found = await load(request, access);
    const { de, a } = parseQuery(ZVersionsQuery, request);
    const revisions = await withTenant(services.db, access.tenant.id, (trx) => listRevisions(trx, found.service.id));
    const from = revisions.find((r) => r.number === de);
    const to = revisions.find((r) => r.number === a);
    return sendPage(request, reply, (context) =>
      VersionsPage({
        context,
        id: found.service.id,
        title: found.draft.service.title,
        revisions: revisions.map((r) => ({
          number: r.number,
          createdAt: r.created_at,
          by: r.created_by_label,
          note: r.note,
          publishedAt: r.published_at,
        })),
        compared:
          from && to
            ? {
                from: from.number,
                to: to.number,
                diff: diffRevisions(ZServiceDraft.parse(from.content), ZServiceDraft.parse(to.content)),
              }
            : null,
      }),
    );
  });
}
