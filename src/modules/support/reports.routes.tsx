import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ExportFormat, sendExport, sheetOf } from '../../platform/exports/index.ts';
import { zText } from '../../platform/http/form-fields.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireCommuneStaff, requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseQuery } from '../../platform/http/route-input.ts';
import { isCalendarDate, parisDay } from '../../platform/paris-time.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listNotices } from './availability.repo.ts';
import { AVAILABILITY_GOAL, monthAvailability, recentMonths } from './availability.ts';
import { type ComplianceReport, complianceReport } from './compliance-report.ts';
import { publishNotice } from './notices.ts';
import { COMPLIANCE_GOAL, SEVERITY_LABELS, type Severity, SLA_STATUS_LABELS } from './sla.ts';
import { ticketLabel } from './ticket-mail.ts';
import { CompliancePage, NewsPage, NoticesAdminPage } from './views/report-pages.tsx';
import { parisDateTime } from './working-hours.ts';

const ZDay = z.string().max(20).optional().catch(undefined);
const ZReportQuery = z.object({
  du: ZDay,
  au: ZDay,
  format: z.enum(['csv', 'ods']).optional().catch(undefined),
});
const ZNotice = z.object({
  kind: z.enum(['maintenance', 'changement', 'actualite'], { message: 'Choisissez la nature de l’annonce' }),
  title: zText('le titre', 200),
  body: zText('le texte', 10_000),
  startDay: z.string().trim().optional(),
  startTime: z.string().trim().optional(),
  endDay: z.string().trim().optional(),
  endTime: z.string().trim().optional(),
});
const ZDoneQuery = z.object({ fait: z.literal('publie').optional().catch(undefined) });

/** The compliance report (the metropolis for every commune, a commune for itself), the news page, the notices. */
export function registerReportRoutes(app: FastifyInstance): void {
  const { services } = app;

  const period = (request: FastifyRequest) => {
    const query = parseQuery(ZReportQuery, request);
    const today = parisDay(services.clock.now());
    const errors: Record<string, string> = {};
    const from = query.du && isCalendarDate(query.du) ? query.du : `${today.slice(0, 4)}-01-01`;
    const to = query.au && isCalendarDate(query.au) ? query.au : today;
    if (query.du && !isCalendarDate(query.du))
      errors.du = 'Date de début invalide : saisissez une date comme 2026-01-31.';
    if (query.au && !isCalendarDate(query.au))
      errors.au = 'Date de fin invalide : saisissez une date comme 2026-12-31.';
    if (from > to) errors.au = 'La date de fin doit suivre la date de début.';
    return { from, to: from > to ? from : to, format: query.format, errors };
  };

  const exportReport = (reply: FastifyReply, report: ComplianceReport, format: ExportFormat, name: string) =>
    sendExport(reply, {
      format,
      filename: `delais-support-${name}-${report.from}-${report.to}`,
      generatedAt: services.clock.now(),
      sheets: [
        sheetOf(
          'Respect des délais',
          [
            { header: 'Commune', value: (r) => r.commune.name },
            { header: 'Début', type: 'date', value: () => report.from },
            { header: 'Fin', type: 'date', value: () => report.to },
            { header: 'Tickets comptés', type: 'integer', value: (r) => r.counted },
            { header: 'Résolus dans les délais', type: 'integer', value: (r) => r.inTime },
            {
              header: 'Part (%)',
              type: 'decimal',
              value: (r) => (r.share === null ? null : Math.round(r.share * 1000) / 10),
            },
            { header: 'Objectif 95 % atteint', value: (r) => (r.meetsGoal ? 'oui' : 'non') },
          ],
          report.rows,
        ),
        sheetOf(
          'Tickets',
          [
            { header: 'Ticket', value: (t) => ticketLabel(t) },
            { header: 'Commune', value: (t) => t.communeName },
            { header: 'Type', value: (t) => SEVERITY_LABELS[t.severity as Severity] },
            { header: 'Heures ouvrées', type: 'decimal', value: (t) => Math.round(t.sla.elapsedMs / 36_000) / 100 },
            { header: 'Résultat', value: (t) => SLA_STATUS_LABELS[t.sla.status] },
          ],
          report.tickets,
        ),
      ],
    });

  const showReport = async (
    request: FastifyRequest,
    reply: FastifyReply,
    commune: ResolvedTenant | null,
    path: string,
  ) => {
    const { from, to, format, errors } = period(request);
    const report = await complianceReport(services, { from, to, communeId: commune?.id });
    if (format && Object.keys(errors).length === 0)
      return exportReport(reply, report, format, commune ? commune.slug : 'communes');
    return sendPage(
      request,
      reply,
      (context) => CompliancePage({ context, report, path, goal: COMPLIANCE_GOAL, errors }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  };

  app.get('/admin/support/conformite', async (request, reply) => {
    requireOperator(request);
    return showReport(request, reply, null, '/admin/support/conformite');
  });

  // A commune's administrators and agents see their own commune's figures.
  app.get('/support/conformite', async (request, reply) => {
    requireCommuneStaff(request);
    return showReport(request, reply, request.tenant, '/support/conformite');
  });

  const months = async () =>
    Promise.all(recentMonths(parisDay(services.clock.now())).map((m) => monthAvailability(services, m)));

  app.get('/actualites', async (request, reply) => {
    const [notices, availability] = await Promise.all([listNotices(services.db), months()]);
    return sendPage(request, reply, (context) =>
      NewsPage({ context, notices, months: availability, goal: AVAILABILITY_GOAL }),
    );
  });

  const adminPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
    done?: string,
  ) => {
    const [notices, availability] = await Promise.all([listNotices(services.db), months()]);
    return sendPage(
      request,
      reply,
      (context) =>
        NoticesAdminPage({ context, notices, months: availability, goal: AVAILABILITY_GOAL, values, errors, done }),
      status,
    );
  };

  app.get('/admin/annonces', async (request, reply) => {
    requireOperator(request);
    const { fait } = parseQuery(ZDoneQuery, request);
    return adminPage(request, reply, {}, {}, 200, fait ? 'L’annonce est publiée et envoyée aux communes.' : undefined);
  });

  app.post('/admin/annonces', async (request, reply) => {
    const user = requireOperator(request);
    const form = parseForm(ZNotice, request.body);
    const values = Object.fromEntries(
      Object.entries(form.values).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]),
    );
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    let window: { startsAt: Date; endsAt: Date } | null = null;
    if (form.ok && form.data.kind === 'maintenance') {
      const startsAt = parisDateTime(form.data.startDay, form.data.startTime);
      const endsAt = parisDateTime(form.data.endDay, form.data.endTime);
      if (!startsAt) errors.startDay = 'Saisissez le jour et l’heure de début de la maintenance.';
      if (!endsAt) errors.endDay = 'Saisissez le jour et l’heure de fin de la maintenance.';
      if (startsAt && startsAt <= services.clock.now())
        errors.startDay = 'Une maintenance s’annonce à l’avance : son début doit être à venir.';
      if (startsAt && endsAt && endsAt <= startsAt) errors.endDay = 'La fin doit suivre le début.';
      if (startsAt && endsAt) window = { startsAt, endsAt };
    }
    if (!form.ok || Object.keys(errors).length > 0) return adminPage(request, reply, values, errors, 422);
    await publishNotice(services, {
      kind: form.data.kind,
      title: form.data.title,
      body: form.data.body,
      window: form.data.kind === 'maintenance' ? window : null,
      actor: actorOf(request, user),
    });
    return redirectWithin(request, reply, '/admin/annonces?fait=publie');
  });
}
