import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../platform/db/uuid.ts';
import { notFound } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { actorOf, productionCommuneOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { parisDay, yearOf } from '../../platform/paris-time.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import {
  agreementFileNotice,
  CommuneAgreementPage,
  CommuneFilePage,
  fileCommuneOf,
  countMinutesAwaitingAnswer,
  loadAgreementsOverview,
  OperatorAgreementsPage,
  taskError,
  updateTransitionTask,
} from '../agreements/index.ts';
import { listLinesOfYear } from './billing.repo.ts';
import { loadCommuneFile } from './load-commune-file.ts';
import {
  CommuneContributions,
  OperatorContributions,
  OverviewIntro,
  yearContributionColumn,
} from './views/contribution-sections.tsx';

const ZTaskParams = z.object({ slug: z.string(), id: z.string().refine(isUuid) });
const ZTaskForm = z.object({
  status: z.enum(['todo', 'done', 'not_needed'], { message: 'Choisissez un état : à faire, faite ou sans objet.' }),
});
/** The action just done (`?fait=…`): the file says so; anything else is ignored. */
const ZFileQuery = z.object({ fait: z.string().optional().catch(undefined) });

/** What the file says after an action on the commune's billing figures. */
const CONTRIBUTION_NOTICES: Record<string, string> = {
  connecteur: 'Le connecteur est enregistré.',
  population: 'La population est enregistrée.',
};

/**
 * The pages that show communes' agreements together with their contributions, composed here from the agreements'
 * public parts and billing's own: the operators' overview and a commune's file (with its checklist, whose control
 * redraws the file), and what a commune's administrators see of their agreement.
 */
export function registerAgreementPagesRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/admin/conventions', async (request, reply) => {
    requireOperator(request);
    const today = parisDay(services.clock.now());
    const year = yearOf(today);
    const [{ rows, deadlines }, lines] = await Promise.all([
      loadAgreementsOverview(services, today),
      listLinesOfYear(services.db, year),
    ]);
    return sendPage(request, reply, (context) =>
      OperatorAgreementsPage({
        context,
        rows,
        deadlines,
        intro: OverviewIntro({ context, year, lines }),
        column: yearContributionColumn(year, lines),
      }),
    );
  });

  const drawFile = async (
    request: FastifyRequest,
    reply: FastifyReply,
    commune: ResolvedTenant,
    errors: FieldErrors,
    status = 200,
  ) => {
    const file = await loadCommuneFile(services, commune);
    const { fait } = parseQuery(ZFileQuery, request);
    const notice =
      agreementFileNotice(file.agreement, fait) ??
      (fait && Object.hasOwn(CONTRIBUTION_NOTICES, fait) ? (CONTRIBUTION_NOTICES[fait] ?? null) : null);
    return sendPage(
      request,
      reply,
      (context) =>
        CommuneFilePage({
          context,
          file: file.agreement,
          notice,
          errors,
          contributions: OperatorContributions({
            context,
            commune,
            file: file.contributions,
            orderHref: (id) => tenantPath(commune.slug, `/admin/convention/titres/${id}`),
          }),
        }),
      status,
    );
  };

  app.get('/admin/conventions/:slug', async (request, reply) => {
    requireOperator(request);
    return drawFile(request, reply, await fileCommuneOf(services, request), {});
  });

  app.post('/admin/conventions/:slug/taches/:id', async (request, reply) => {
    const user = requireOperator(request);
    const commune = await fileCommuneOf(services, request);
    const { id } = parseParams(ZTaskParams, request);
    const form = parseForm(ZTaskForm, request.body);
    if (!form.ok) return drawFile(request, reply, commune, taskError(id, form.errors.status ?? ''), 422);
    const result = await updateTransitionTask(services, {
      commune,
      actor: actorOf(request, user),
      taskId: id,
      status: form.data.status,
    });
    if (!result.ok) {
      if ('notFound' in result) throw notFound("Cette tâche n'existe pas.");
      return drawFile(request, reply, commune, taskError(id, result.error), 422);
    }
    return redirectWithin(request, reply, `/admin/conventions/${commune.slug}?fait=tache`);
  });

  app.get('/admin/convention', async (request, reply) => {
    const commune = productionCommuneOf(request);
    const file = await loadCommuneFile(services, commune);
    const pendingMinutes = await countMinutesAwaitingAnswer(services, commune);
    return sendPage(request, reply, (context) =>
      CommuneAgreementPage({
        context,
        file: file.agreement,
        pendingMinutes,
        contributions: CommuneContributions({ context, file: file.contributions }),
      }),
    );
  });
}
