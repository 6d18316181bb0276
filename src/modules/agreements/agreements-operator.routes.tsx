import { isUuid } from '../../platform/db/uuid.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SharedService } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage, tenantPath } from '../../platform/http/render.tsx';
import { SERVICE_LABELS, TOODEGO_OFFER_LABELS } from '../../platform/tenancy/offers.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { compareFrench } from '../../platform/views/format.ts';
import { listLinesOfYear } from '../billing/billing.repo.ts';
import { agreementCalendar } from './agreement-terms.ts';
import {
  listAnnexesAllCommunes,
  listLatestAgreementsAllCommunes,
  listOpenDisputesAllCommunes,
  listOpenNoticesAllCommunes,
  listScheduledAmendmentsAllCommunes,
} from './agreements.repo.ts';
import { offerOn } from './annex-periods.ts';
import { formatCalendarDate, parisDay, yearOf } from '../../platform/paris-time.ts';
import { listMeetings } from './governance.repo.ts';
import { loadCommuneFile } from './load-commune-file.ts';
import { upcomingDeadlines } from './upcoming-deadlines.ts';
import { updateTransitionTask } from './update-transition-task.ts';
import { CommuneFilePage, OperatorAgreementsPage } from './views/operator-agreements.tsx';
import { actorOf, productionCommuneBySlug } from '../../platform/http/route-helpers.ts';
import { parseParams } from '../../platform/http/route-input.ts';

const ZCommuneParams = z.object({ slug: z.string() });
const STATE_LABELS = { signed_not_in_force: 'signée, à venir', in_force: 'en vigueur', ended: 'terminée' } as const;

/** The operators' overview of every commune's agreement, a commune's file, and its checklist. */
export function registerOperatorAgreementRoutes(app: FastifyInstance): void {
  const { services } = app;
  const findCommune = (request: FastifyRequest) =>
    productionCommuneBySlug(services, parseParams(ZCommuneParams, request).slug);

  app.get('/admin/conventions', async (request, reply) => {
    requireOperator(request);
    const today = parisDay(services.clock.now());
    const year = yearOf(today);
    const communes = (await services.tenants.all())
      .filter((t) => t.kind === 'commune' && !t.isTestInstance)
      .sort((a, b) => compareFrench(a.name, b.name));
    const [agreements, annexes, amendments, notices, disputes, meetings, lines] = await Promise.all([
      listLatestAgreementsAllCommunes(services.db),
      listAnnexesAllCommunes(services.db),
      listScheduledAmendmentsAllCommunes(services.db),
      listOpenNoticesAllCommunes(services.db),
      listOpenDisputesAllCommunes(services.db),
      listMeetings(services.db),
      listLinesOfYear(services.db, year),
    ]);
    const rows = communes.map((commune) => {
      const agreement = agreements.find((a) => a.tenant_id === commune.id);
      const calendar = agreement
        ? agreementCalendar({ effectiveOn: agreement.effective_on, lastDay: agreement.last_day }, today)
        : null;
      const mine = annexes.filter((a) => a.tenant_id === commune.id && a.agreement_id === agreement?.id);
      const on = calendar?.state === 'signed_not_in_force' && agreement ? agreement.effective_on : today;
      const toodego = offerOn(mine, 'toodego', on);
      const yearLines = lines.filter((l) => l.tenant_id === commune.id);
      return {
        name: commune.name,
        slug: commune.slug,
        state: calendar ? STATE_LABELS[calendar.state] : 'aucune',
        toodego: TOODEGO_OFFER_LABELS[toodego as keyof typeof TOODEGO_OFFER_LABELS] ?? '—',
        services: (['laclasse', 'opendata', 'geonet'] as SharedService[])
          .filter((s) => offerOn(mine, s, on) !== 'none')
          .map((s) => SERVICE_LABELS[s].split(' ')[0])
          .join(', '),
        lastDay: agreement?.last_day ?? null,
        nextRenewalOn: calendar?.nextRenewalOn ?? null,
        noticeDeadline: calendar?.noticeDeadline ?? null,
        yearCents: yearLines.length ? yearLines.reduce((sum, l) => sum + l.amount_cents, 0) : null,
      };
    });
    const deadlines = upcomingDeadlines(
      {
        communes: new Map(communes.map((c) => [c.id, { name: c.name, slug: c.slug }])),
        agreements,
        amendments,
        notices,
        disputes,
        meetings,
      },
      today,
      120,
    );
    const yearTotalCents = lines.reduce((sum, l) => sum + l.amount_cents, 0);
    return sendPage(request, reply, (context) =>
      OperatorAgreementsPage({ context, rows, deadlines, year, yearTotalCents }),
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
    const done = (request.query as Record<string, unknown>).fait;
    const latestAmendment = file.amendments.at(-1);
    const termination = file.notices.find((n) => n.kind === 'termination');
    const message =
      done === 'avenant' && latestAmendment
        ? latestAmendment.notice_late
          ? `Préavis reçu hors délai : l'offre actuelle est reconduite tacitement pour un an ; le changement prend effet le ${formatCalendarDate(latestAmendment.effective_on)}.`
          : `Il prend effet le ${formatCalendarDate(latestAmendment.effective_on)}.`
        : done === 'resiliation' && termination
          ? termination.late
            ? `Préavis reçu hors délai : la convention est reconduite tacitement pour un an et prend fin le ${formatCalendarDate(termination.deadline_on)} au soir.`
            : `La convention et ses annexes prennent fin le ${formatCalendarDate(termination.deadline_on)} au soir.`
          : null;
    return sendPage(
      request,
      reply,
      (context) =>
        CommuneFilePage({
          context,
          file,
          done: typeof done === 'string' ? done : null,
          message,
          errors,
          orderHref: (id) => tenantPath(commune.slug, `/admin/convention/titres/${id}`),
        }),
      status,
    );
  };

  app.get('/admin/conventions/:slug', async (request, reply) => {
    requireOperator(request);
    return drawFile(request, reply, await findCommune(request), {});
  });

  app.post('/admin/conventions/:slug/taches/:id', async (request, reply) => {
    const user = requireOperator(request);
    const commune = await findCommune(request);
    const id = (request.params as { id: string }).id;
    const status = z.enum(['todo', 'done', 'not_needed']).safeParse(formValues(request.body).status);
    if (!isUuid(id)) throw notFound();
    if (!status.success)
      return drawFile(
        request,
        reply,
        commune,
        { [`tache-${id}`]: 'Choisissez un état : à faire, faite ou sans objet.' },
        422,
      );
    const result = await updateTransitionTask(services, {
      commune,
      actor: actorOf(request, user),
      taskId: id,
      status: status.data,
    });
    if (!result.ok) {
      if ('notFound' in result) throw notFound("Cette tâche n'existe pas.");
      return drawFile(request, reply, commune, { [`tache-${id}`]: result.error }, 422);
    }
    return redirectWithin(request, reply, `/admin/conventions/${commune.slug}?fait=tache`);
  });
}
