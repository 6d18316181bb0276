import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireCapability, requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { listAgendas } from './agenda.repo.ts';
import { bookAppointment } from './book-appointment.ts';
import { listBookingsOfUser } from './booking.repo.ts';
import { cancelAppointment } from './cancel-appointment.ts';
import { listFreeSlots } from './list-free-slots.ts';
import { type BookingKey, changeRefusal, findManagedBooking } from './managed-booking.ts';
import { moveAppointment } from './move-appointment.ts';
import { mobileNumber } from './mobile-number.ts';
import {
  AgendaListPage,
  AgendaPage,
  BookingFormPage,
  type BookingFormValues,
  ConfirmMovePage,
  ManageBookingPage,
  MyBookingsPage,
} from './views/public-pages.tsx';
import { renderFeed } from './agent-feed.ts';

const ZAgendaParams = z.object({ agendaId: z.uuid() });
const ZTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });
const ZMineParams = z.object({ bookingId: z.uuid() });
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZStepQuery = z.object({
  type: z.uuid().optional().catch(undefined),
  jour: ZDay.optional().catch(undefined),
  fait: z.string().optional().catch(undefined),
});
const ZStart = z.iso.datetime({ message: 'Choisissez un horaire dans la liste.' }).transform((v) => new Date(v));
const ZBookQuery = z.object({ type: z.uuid({ message: 'Choisissez un motif dans la liste.' }), debut: ZStart });
const ZMoveQuery = z.object({ debut: ZStart });
const ZBookingForm = z.object({
  type: z.uuid({ message: 'Choisissez un motif dans la liste.' }),
  debut: ZStart,
  name: z.string().trim().min(2, 'Indiquez votre nom et votre prénom.').max(200, 'Le nom tient en 200 caractères.'),
  email: z.email('Indiquez une adresse électronique valide, par exemple camille@example.org.').max(254),
  phone: z
    .string()
    .trim()
    .max(30, 'Le numéro tient en 30 caractères.')
    .refine(
      (v) => v === '' || mobileNumber(v) !== undefined,
      'Indiquez un numéro de mobile français, par exemple 06 12 34 56 78, ou laissez vide.',
    )
    .transform((v) => (v === '' ? null : v)),
});

// Booking pages are public: each visitor's reads are capped like the other public forms.
const PUBLIC_LIMIT = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };
const BOOKING_LIMIT = { config: { rateLimit: { max: 20, timeWindow: 60_000 } } };

/** The citizens' side: the desks, days then times, the booking, and managing it by its link or from the account. */
export function registerPublicAppointmentRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/rendez-vous', PUBLIC_LIMIT, async (request, reply) => {
    requireCapability(request, 'citizen.eservices');
    const agendas = await withTenant(services.db, request.tenant.id, (trx) => listAgendas(trx, { activeOnly: true }));
    return sendPage(request, reply, (context) => AgendaListPage({ context, agendas }));
  });

  app.get('/rendez-vous/:agendaId', PUBLIC_LIMIT, async (request, reply) => {
    requireCapability(request, 'citizen.eservices');
    const { agendaId } = parseParams(ZAgendaParams, request);
    const query = parseQuery(ZStepQuery, request);
    const slots = await listFreeSlots(services, request.tenant, agendaId, query.type);
    if (!slots) throw notFound('Ce guichet ne propose pas de rendez-vous.');
    return sendPage(request, reply, (context) => AgendaPage({ context, choice: { ...slots, day: query.jour } }));
  });

  const drawBookingForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: { agendaId: string; typeId: string; start: Date; values: BookingFormValues },
    problem: { errors: Record<string, string>; message?: string },
    status = 200,
  ) => {
    const slots = await listFreeSlots(services, request.tenant, input.agendaId, input.typeId);
    const type = slots?.types.find((t) => t.id === input.typeId);
    if (!slots || !type) throw notFound('Ce guichet ne propose pas ce motif de rendez-vous.');
    return sendPage(
      request,
      reply,
      (context) =>
        BookingFormPage({
          context,
          agenda: slots.agenda,
          type,
          start: input.start,
          values: input.values,
          errors: problem.errors,
          problem: problem.message,
        }),
      status,
    );
  };

  app.get('/rendez-vous/:agendaId/reserver', PUBLIC_LIMIT, async (request, reply) => {
    requireCapability(request, 'citizen.eservices');
    const { agendaId } = parseParams(ZAgendaParams, request);
    const query = parseQuery(ZBookQuery, request);
    const user = request.user;
    const values = { name: user?.displayName ?? '', email: user?.email ?? '', phone: '' };
    return drawBookingForm(
      request,
      reply,
      { agendaId, typeId: query.type, start: query.debut, values },
      { errors: {} },
    );
  });

  app.post('/rendez-vous/:agendaId/reserver', BOOKING_LIMIT, async (request, reply) => {
    requireCapability(request, 'citizen.eservices');
    const { agendaId } = parseParams(ZAgendaParams, request);
    const parsed = parseForm(ZBookingForm, request.body);
    const raw = parsed.values;
    const values = { name: String(raw.name ?? ''), email: String(raw.email ?? ''), phone: String(raw.phone ?? '') };
    if (!parsed.ok) {
      const typeId = z.uuid().safeParse(raw.type);
      const start = ZStart.safeParse(raw.debut);
      if (!typeId.success || !start.success) throw notFound('Ce créneau n’existe pas.');
      return drawBookingForm(
        request,
        reply,
        { agendaId, typeId: typeId.data, start: start.data, values },
        { errors: parsed.errors },
        422,
      );
    }
    const outcome = await bookAppointment(services, request.tenant, {
      agendaId,
      meetingTypeId: parsed.data.type,
      startsAt: parsed.data.debut,
      userId: request.user?.id ?? null,
      name: parsed.data.name,
      email: parsed.data.email,
      phone: parsed.data.phone,
    });
    if (!outcome.ok) {
      return drawBookingForm(
        request,
        reply,
        { agendaId, typeId: parsed.data.type, start: parsed.data.debut, values },
        { errors: {}, message: outcome.message },
        409,
      );
    }
    return redirectWithin(request, reply, `/rendez-vous/gerer/${outcome.token}?fait=pris`);
  });

  // Managing a booking, by its secret link or from the citizen's account: the same pages under two bases.
  const manage = (keyOf: (request: FastifyRequest) => { key: BookingKey; base: string }) => {
    const NOTICES: Record<string, string> = {
      pris: 'Votre rendez-vous est pris. Un courriel de confirmation vous est envoyé, avec le fichier à ajouter à votre agenda.',
      annule: 'Votre rendez-vous est annulé.',
      deplace: 'Votre rendez-vous est déplacé. Un courriel vous le confirme.',
    };
    const draw = async (
      request: FastifyRequest,
      reply: FastifyReply,
      options: { problem?: string; status?: number },
    ) => {
      const { key, base } = keyOf(request);
      const query = parseQuery(ZStepQuery, request);
      const now = services.clock.now();
      const managed = await withTenant(services.db, request.tenant.id, (trx) => findManagedBooking(trx, key));
      if (!managed)
        throw notFound('Ce rendez-vous est introuvable : le lien a peut-être été remplacé par un plus récent.');
      const refusal = changeRefusal(managed, now);
      const slots = refusal
        ? undefined
        : await listFreeSlots(services, request.tenant, managed.agenda.id, managed.type.id);
      return sendPage(
        request,
        reply,
        (context) =>
          ManageBookingPage({
            context,
            ...managed,
            refusal,
            base,
            choice: slots ? { ...slots, types: [], day: query.jour } : undefined,
            notice: query.fait ? NOTICES[query.fait] : undefined,
            problem: options.problem,
          }),
        options.status ?? 200,
      );
    };
    return {
      page: (request: FastifyRequest, reply: FastifyReply) => draw(request, reply, {}),
      confirmMove: async (request: FastifyRequest, reply: FastifyReply) => {
        const { key, base } = keyOf(request);
        const { debut } = parseQuery(ZMoveQuery, request);
        const managed = await withTenant(services.db, request.tenant.id, (trx) => findManagedBooking(trx, key));
        if (!managed) throw notFound('Ce rendez-vous est introuvable.');
        return sendPage(request, reply, (context) =>
          ConfirmMovePage({ context, base, booking: managed.booking, start: debut }),
        );
      },
      cancel: async (request: FastifyRequest, reply: FastifyReply) => {
        const { key, base } = keyOf(request);
        const result = await cancelAppointment(services, request.tenant, key);
        if (!result) throw notFound('Ce rendez-vous est introuvable.');
        if (!result.ok) return draw(request, reply, { problem: result.message, status: 409 });
        return redirectWithin(request, reply, `${base}?fait=annule`);
      },
      move: async (request: FastifyRequest, reply: FastifyReply) => {
        const { key, base } = keyOf(request);
        const parsed = parseForm(ZMoveQuery, request.body);
        if (!parsed.ok) return draw(request, reply, { problem: 'Choisissez un horaire dans la liste.', status: 422 });
        const result = await moveAppointment(services, request.tenant, key, parsed.data.debut);
        if (!result) throw notFound('Ce rendez-vous est introuvable.');
        if (!result.ok) return draw(request, reply, { problem: result.message, status: 409 });
        const next = 'token' in key ? `/rendez-vous/gerer/${result.token}` : base;
        return redirectWithin(request, reply, `${next}?fait=deplace`);
      },
    };
  };

  const byLink = manage((request) => {
    const { token } = parseParams(ZTokenParams, request);
    return { key: { token }, base: `/rendez-vous/gerer/${token}` };
  });
  app.get('/rendez-vous/gerer/:token', PUBLIC_LIMIT, byLink.page);
  app.get('/rendez-vous/gerer/:token/deplacer', PUBLIC_LIMIT, byLink.confirmMove);
  app.post('/rendez-vous/gerer/:token/annuler', BOOKING_LIMIT, byLink.cancel);
  app.post('/rendez-vous/gerer/:token/deplacer', BOOKING_LIMIT, byLink.move);

  const byAccount = manage((request) => {
    const user = requireUser(request);
    const { bookingId } = parseParams(ZMineParams, request);
    return { key: { userId: user.id, bookingId }, base: `/mes-rendez-vous/${bookingId}` };
  });
  app.get('/mes-rendez-vous', async (request, reply) => {
    const user = requireUser(request);
    const bookings = await withTenant(services.db, request.tenant.id, (trx) => listBookingsOfUser(trx, user.id));
    return sendPage(request, reply, (context) => MyBookingsPage({ context, bookings }));
  });
  app.get('/mes-rendez-vous/:bookingId', byAccount.page);
  app.get('/mes-rendez-vous/:bookingId/deplacer', byAccount.confirmMove);
  app.post('/mes-rendez-vous/:bookingId/annuler', byAccount.cancel);
  app.post('/mes-rendez-vous/:bookingId/deplacer', byAccount.move);

  // An agent's calendar software fetches this without a session: the secret address is the credential.
  app.get('/rendez-vous/flux/:token', PUBLIC_LIMIT, async (request, reply) => {
    const { token } = parseParams(ZTokenParams, request);
    const calendar = await renderFeed(services, request.tenant, token);
    if (!calendar) throw notFound('Ce flux d’agenda n’existe pas ou a été révoqué.');
    return reply.header('cache-control', 'no-store').type('text/calendar; charset=utf-8').send(calendar);
  });
}
