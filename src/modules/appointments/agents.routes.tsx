import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type CurrentUser, canAdministerTenant, hasRole } from '../../platform/auth/current-user.ts';
import { notFound } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { instanceBase, redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { feedStatus, issueFeedToken, revokeFeed } from './agent-feed.ts';
import { loadDay, loadStatistics } from './load-agent-views.ts';
import { recordAttendance } from './record-attendance.ts';
import { nextDay } from './slot-calendar.ts';
import { DayPage, FeedPage, StatisticsPage } from './views/agent-pages.tsx';

const ZDay = z.iso.date();
const ZDayQuery = z.object({
  jour: ZDay.optional().catch(undefined),
  agenda: z.uuid().optional().catch(undefined),
  fait: z.string().optional().catch(undefined),
});
const ZStatsQuery = z.object({ du: ZDay.optional().catch(undefined), au: ZDay.optional().catch(undefined) });
const ZBookingParams = z.object({ bookingId: z.uuid() });
const ZAttendanceForm = z.object({
  presence: z.enum(['checked_in', 'no_show', 'booked'], { message: 'Choisissez présent ou absent.' }),
  jour: ZDay.optional().catch(undefined),
});

/** The tenant's agents and administrators (and operators): the others do not learn these pages exist. */
function requireDeskAgent(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!hasRole(user, request.tenant, 'agent') && !canAdministerTenant(user, request.tenant)) throw notFound();
  return user;
}

/** The agents' side: the day at the desk, check-in and no-show, statistics, their calendar feed. */
export function registerAgentAppointmentRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/gru/rendez-vous', async (request, reply) => {
    requireDeskAgent(request);
    const query = parseQuery(ZDayQuery, request);
    const day = query.jour ?? parisDay(services.clock.now());
    const { agendas, bookings } = await loadDay(services, request.tenant, day, query.agenda);
    return sendPage(request, reply, (context) =>
      DayPage({
        context,
        day,
        previous: nextDay(day, -1),
        next: nextDay(day),
        agendaId: query.agenda,
        agendas,
        bookings,
        notice: query.fait === '1' ? 'La présence est notée.' : undefined,
      }),
    );
  });

  app.post('/gru/rendez-vous/:bookingId/presence', async (request, reply) => {
    const user = requireDeskAgent(request);
    const { bookingId } = parseParams(ZBookingParams, request);
    const parsed = parseForm(ZAttendanceForm, request.body);
    if (!parsed.ok) throw notFound();
    const day = parsed.data.jour ?? parisDay(services.clock.now());
    const result = await recordAttendance(
      services,
      request.tenant,
      actorOf(request, user),
      bookingId,
      parsed.data.presence,
    );
    if (!result) throw notFound('Ce rendez-vous est introuvable.');
    if (!result.ok) {
      const { agendas, bookings } = await loadDay(services, request.tenant, day, undefined);
      return sendPage(
        request,
        reply,
        (context) =>
          DayPage({
            context,
            day,
            previous: nextDay(day, -1),
            next: nextDay(day),
            agendaId: undefined,
            agendas,
            bookings,
            problem: result.message,
          }),
        409,
      );
    }
    return redirectWithin(request, reply, `/gru/rendez-vous?jour=${day}&fait=1`);
  });

  app.get('/gru/rendez-vous/statistiques', async (request, reply) => {
    requireDeskAgent(request);
    const query = parseQuery(ZStatsQuery, request);
    const today = parisDay(services.clock.now());
    const to = query.au ?? today;
    const from = query.du && query.du <= to ? query.du : `${to.slice(0, 7)}-01`;
    const lines = await loadStatistics(services, request.tenant, from, to);
    return sendPage(request, reply, (context) => StatisticsPage({ context, from, to, lines }));
  });

  app.get('/gru/rendez-vous/flux', async (request, reply) => {
    const user = requireDeskAgent(request);
    const active = !!(await feedStatus(services, request.tenant, user.id));
    return sendPage(request, reply, (context) => FeedPage({ context, active }));
  });

  app.post('/gru/rendez-vous/flux', async (request, reply) => {
    const user = requireDeskAgent(request);
    const token = await issueFeedToken(services, request.tenant, { ...actorOf(request, user), userId: user.id });
    const url = `${services.config.publicUrl}${instanceBase(request.tenant)}/rendez-vous/flux/${token}`;
    // Shown in this answer only, never in an address: only the hash is kept.
    return sendPage(request, reply, (context) =>
      FeedPage({
        context,
        active: true,
        url,
        notice: 'Votre nouvelle adresse est créée ; l’ancienne ne fonctionne plus.',
      }),
    );
  });

  app.post('/gru/rendez-vous/flux/revoquer', async (request, reply) => {
    const user = requireDeskAgent(request);
    await revokeFeed(services, request.tenant, { ...actorOf(request, user), userId: user.id });
    return sendPage(request, reply, (context) => FeedPage({ context, active: false, notice: 'Le flux est révoqué.' }));
  });
}
