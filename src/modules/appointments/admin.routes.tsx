import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireTenantAdministrator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { findAgenda, listAgendas, listClosures, listMeetingTypes, listOpeningHours } from './agenda.repo.ts';
import { type AgendaChange, configureAgenda } from './configure-agenda.ts';
import { createAgenda, updateAgendaSettings } from './save-agenda.ts';
import {
  AgendaAdminPage,
  type AgendaFormValues,
  AgendasAdminPage,
  agendaFormValues,
  NewAgendaPage,
} from './views/admin-pages.tsx';

const ZAgendaParams = z.object({ agendaId: z.uuid() });
const ZTypeParams = z.object({ agendaId: z.uuid(), typeId: z.uuid() });
const ZClosureParams = z.object({ agendaId: z.uuid(), closureId: z.uuid() });
const ZNoticeQuery = z.object({ fait: z.string().optional().catch(undefined) });

const whole = (what: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `Indiquez ${what} en chiffres.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Indiquez ${what} entre ${min} et ${max}.`);
const text = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, `Indiquez ${what}.`)
    .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} tient en ${max} caractères.`);

const ZAgendaForm = z.object({
  name: text('le nom de l’agenda'),
  desk: text('le guichet'),
  place: text('le lieu', 300),
  resources: z.string().trim().max(500, 'Les ressources tiennent en 500 caractères.').default(''),
  slotMinutes: whole('la durée d’un créneau', 5, 240),
  capacity: whole('le nombre de personnes reçues en même temps', 1, 50),
  horizonDays: whole('le nombre de jours', 1, 400),
  minNoticeHours: whole('le délai minimal', 0, 720),
  changeLimitHours: whole('le délai de modification', 0, 720),
  reminderHours: whole('le délai du rappel', 1, 720),
  closedOnHolidays: z
    .literal('oui')
    .optional()
    .transform((v) => v === 'oui'),
  active: z
    .literal('oui')
    .optional()
    .transform((v) => v === 'oui'),
});

const ZDay = z.iso.date('Indiquez une date, par exemple 2026-12-24.');
const ZClosureForm = z
  .object({ firstDay: ZDay, lastDay: ZDay, reason: text('le motif de la fermeture') })
  .refine((c) => c.lastDay >= c.firstDay, { path: ['lastDay'], message: 'Le dernier jour suit le premier.' });
const ZTypeForm = z.object({ typeName: text('le nom du motif'), durationMinutes: whole('la durée', 5, 480) });
const ZActiveForm = z.object({ active: z.enum(['oui', 'non']) });

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
/** "08:30-12:00 13:30-17:00" → minute ranges, or the French reason it is not. */
function parseRanges(value: string): Array<{ opensMinute: number; closesMinute: number }> | string {
  const ranges = [];
  for (const part of value.trim().split(/\s+/).filter(Boolean)) {
    const m = RANGE.exec(part);
    if (!m) return `« ${part} » n’est pas une plage : écrivez par exemple 08:30-12:00.`;
    const opensMinute = Number(m[1]) * 60 + Number(m[2]);
    const closesMinute = Number(m[3]) * 60 + Number(m[4]);
    if (closesMinute <= opensMinute || closesMinute > 1440) return `La plage ${part} finit avant de commencer.`;
    ranges.push({ opensMinute, closesMinute });
  }
  ranges.sort((a, b) => a.opensMinute - b.opensMinute);
  for (let i = 1; i < ranges.length; i++) {
    if ((ranges[i]?.opensMinute ?? 0) < (ranges[i - 1]?.closesMinute ?? 0)) return 'Deux plages se chevauchent.';
  }
  return ranges;
}

const NOTICES: Record<string, string> = {
  cree: 'L’agenda est créé. Ajoutez ses motifs et ses horaires pour ouvrir la réservation.',
  reglages: 'Les réglages sont enregistrés.',
  motif: 'Les motifs sont enregistrés.',
  horaires: 'Les horaires sont enregistrés.',
  fermeture: 'Les fermetures sont enregistrées.',
};

/** A commune's administrators (and the metropolis's operators on its instance) set up their agendas. */
export function registerAdminAppointmentRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/admin/rendez-vous', async (request, reply) => {
    requireTenantAdministrator(request);
    const agendas = await withTenant(services.db, request.tenant.id, (trx) => listAgendas(trx));
    return sendPage(request, reply, (context) => AgendasAdminPage({ context, agendas }));
  });

  app.get('/admin/rendez-vous/nouveau', async (request, reply) => {
    requireTenantAdministrator(request);
    return sendPage(request, reply, (context) =>
      NewAgendaPage({ context, values: agendaFormValues(undefined), errors: {} }),
    );
  });

  app.post('/admin/rendez-vous/nouveau', async (request, reply) => {
    const user = requireTenantAdministrator(request);
    const parsed = parseForm(ZAgendaForm, request.body);
    if (!parsed.ok) {
      return sendPage(
        request,
        reply,
        (context) => NewAgendaPage({ context, values: formText(parsed.values), errors: parsed.errors }),
        422,
      );
    }
    const id = await createAgenda(services, request.tenant, actorOf(request, user), {
      ...parsed.data,
      resources: parsed.data.resources,
    });
    return redirectWithin(request, reply, `/admin/rendez-vous/${id}?fait=cree`);
  });

  const drawAgenda = async (
    request: FastifyRequest,
    reply: FastifyReply,
    agendaId: string,
    state: { values?: AgendaFormValues; errors?: FieldErrors; notice?: string | undefined },
    status = 200,
  ) => {
    const loaded = await withTenant(services.db, request.tenant.id, async (trx) => {
      const agenda = await findAgenda(trx, agendaId);
      if (!agenda) return undefined;
      return {
        agenda,
        types: await listMeetingTypes(trx, agenda.id),
        hours: await listOpeningHours(trx, agenda.id),
        closures: await listClosures(trx, agenda.id),
      };
    });
    if (!loaded) throw notFound('Cet agenda n’existe pas.');
    return sendPage(
      request,
      reply,
      (context) =>
        AgendaAdminPage({
          context,
          ...loaded,
          values: state.values ?? agendaFormValues(loaded.agenda),
          errors: state.errors ?? {},
          notice: state.notice,
        }),
      status,
    );
  };

  app.get('/admin/rendez-vous/:agendaId', async (request, reply) => {
    requireTenantAdministrator(request);
    const { agendaId } = parseParams(ZAgendaParams, request);
    const { fait } = parseQuery(ZNoticeQuery, request);
    return drawAgenda(request, reply, agendaId, { notice: fait ? NOTICES[fait] : undefined });
  });

  app.post('/admin/rendez-vous/:agendaId', async (request, reply) => {
    const user = requireTenantAdministrator(request);
    const { agendaId } = parseParams(ZAgendaParams, request);
    const parsed = parseForm(ZAgendaForm, request.body);
    if (!parsed.ok)
      return drawAgenda(request, reply, agendaId, { values: formText(parsed.values), errors: parsed.errors }, 422);
    const done = await updateAgendaSettings(services, request.tenant, actorOf(request, user), agendaId, parsed.data);
    if (!done) throw notFound('Cet agenda n’existe pas.');
    return redirectWithin(request, reply, `/admin/rendez-vous/${agendaId}?fait=reglages`);
  });

  /** Applies one change to the agenda, then back to its page with a notice (or 404 for another tenant's). */
  const change = async (
    request: FastifyRequest,
    reply: FastifyReply,
    agendaId: string,
    what: AgendaChange,
    notice: string,
  ) => {
    const user = requireTenantAdministrator(request);
    const done = await configureAgenda(services, request.tenant, actorOf(request, user), agendaId, what);
    if (!done) throw notFound('Cet agenda n’existe pas.');
    return redirectWithin(request, reply, `/admin/rendez-vous/${agendaId}?fait=${notice}`);
  };

  app.post('/admin/rendez-vous/:agendaId/motifs', async (request, reply) => {
    requireTenantAdministrator(request);
    const { agendaId } = parseParams(ZAgendaParams, request);
    const parsed = parseForm(ZTypeForm, request.body);
    const agenda = await withTenant(services.db, request.tenant.id, (trx) => findAgenda(trx, agendaId));
    if (!agenda) throw notFound('Cet agenda n’existe pas.');
    const errors: FieldErrors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok && parsed.data.durationMinutes % agenda.slot_minutes !== 0) {
      errors.durationMinutes = `Indiquez une durée multiple de ${agenda.slot_minutes} minutes (la durée d’un créneau).`;
    }
    if (!parsed.ok || Object.keys(errors).length > 0) return drawAgenda(request, reply, agendaId, { errors }, 422);
    return change(
      request,
      reply,
      agendaId,
      { kind: 'addMeetingType', name: parsed.data.typeName, durationMinutes: parsed.data.durationMinutes },
      'motif',
    );
  });

  app.post('/admin/rendez-vous/:agendaId/motifs/:typeId', async (request, reply) => {
    requireTenantAdministrator(request);
    const { agendaId, typeId } = parseParams(ZTypeParams, request);
    const { active } = parseBody(ZActiveForm, request);
    return change(
      request,
      reply,
      agendaId,
      { kind: 'setMeetingTypeActive', meetingTypeId: typeId, active: active === 'oui' },
      'motif',
    );
  });

  app.post('/admin/rendez-vous/:agendaId/horaires', async (request, reply) => {
    requireTenantAdministrator(request);
    const { agendaId } = parseParams(ZAgendaParams, request);
    const values = formText(parseForm(z.object({}), request.body).values);
    const hours: Array<{ weekday: number; opensMinute: number; closesMinute: number }> = [];
    const errors: FieldErrors = {};
    for (let weekday = 1; weekday <= 7; weekday++) {
      const ranges = parseRanges((values[`jour${weekday}`] ?? '').slice(0, 200));
      if (typeof ranges === 'string') errors[`jour${weekday}`] = ranges;
      else hours.push(...ranges.map((r) => ({ weekday, ...r })));
    }
    if (Object.keys(errors).length > 0) return drawAgenda(request, reply, agendaId, { errors }, 422);
    return change(request, reply, agendaId, { kind: 'setOpeningHours', hours }, 'horaires');
  });

  app.post('/admin/rendez-vous/:agendaId/fermetures', async (request, reply) => {
    requireTenantAdministrator(request);
    const { agendaId } = parseParams(ZAgendaParams, request);
    const parsed = parseForm(ZClosureForm, request.body);
    if (!parsed.ok) return drawAgenda(request, reply, agendaId, { errors: parsed.errors }, 422);
    return change(request, reply, agendaId, { kind: 'addClosure', ...parsed.data }, 'fermeture');
  });

  app.post('/admin/rendez-vous/:agendaId/fermetures/:closureId/supprimer', async (request, reply) => {
    requireTenantAdministrator(request);
    const { agendaId, closureId } = parseParams(ZClosureParams, request);
    return change(request, reply, agendaId, { kind: 'removeClosure', closureId }, 'fermeture');
  });
}
