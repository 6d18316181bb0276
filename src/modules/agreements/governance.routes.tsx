import { isUuid } from '../../platform/db/uuid.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { requireOperator } from '../../platform/http/guards.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { compareFrench } from '../../platform/views/format.ts';
import { listAnnexesAllCommunes } from './agreements.repo.ts';
import { offerOn } from './annex-periods.ts';
import { parisDay } from '../../platform/paris-time.ts';
import { createMeeting } from './create-meeting.ts';
import { dateParts, joinDateParts, zDate, zText } from '../../platform/http/form-fields.ts';
import { findMeeting, listMeetings, listRecipients } from './governance.repo.ts';
import { publishMinutes } from './publish-minutes.ts';
import { GovernancePage, MeetingPage, NewMeetingPage } from './views/governance-pages.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';

const ZMeeting = z.object({
  kind: z.enum(['framework_steering', 'toodego_steering', 'toodego_project', 'bilateral', 'round_table'], {
    message: "Choisissez l'instance",
  }),
  communeId: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().uuid('Choisissez une commune dans la liste').optional(),
  ),
  title: zText("l'intitulé de la réunion", 200),
  heldOn: zDate('la date de la réunion'),
  minutes: zText('le compte rendu', 50_000),
});

/** A meeting by its id: any string, one that names no meeting gets the page's own "does not exist". */
const ZMeetingParams = z.object({ id: z.string() });
const ZMeetingQuery = z.object({ publie: z.string().optional().catch(undefined) });
const ZPublication = z.object({ minutes: zText('le compte rendu', 50_000) });

/** Operators record governance meetings and publish their minutes. */
export function registerGovernanceRoutes(app: FastifyInstance): void {
  const { services } = app;

  const meetingOf = async (request: FastifyRequest) => {
    const { id } = parseParams(ZMeetingParams, request);
    const meeting = isUuid(id) ? await findMeeting(services.db, id) : undefined;
    if (!meeting) throw notFound("Cette réunion n'existe pas.");
    return meeting;
  };

  app.get('/admin/gouvernance', async (request, reply) => {
    requireOperator(request);
    const meetings = await listMeetings(services.db);
    return sendPage(request, reply, (context) => GovernancePage({ context, meetings }));
  });

  const connectedCommunes = async () => {
    const today = parisDay(services.clock.now());
    const annexes = await listAnnexesAllCommunes(services.db);
    return (await services.tenants.all())
      .filter(
        (t) =>
          t.kind === 'commune' &&
          !t.isTestInstance &&
          offerOn(
            annexes.filter((a) => a.tenant_id === t.id),
            'toodego',
            today,
          ) === 'connecte',
      )
      .sort((a, b) => compareFrench(a.name, b.name))
      .map((t) => ({ value: t.id, label: t.name }));
  };

  const drawNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const communes = await connectedCommunes();
    return sendPage(
      request,
      reply,
      (context) =>
        NewMeetingPage({
          context,
          values,
          dates: { heldOn: dateParts(values, 'heldOn') },
          errors,
          connectedCommunes: communes,
        }),
      status,
    );
  };

  app.get('/admin/gouvernance/nouvelle', async (request, reply) => {
    requireOperator(request);
    return drawNew(request, reply, {}, {});
  });

  app.post('/admin/gouvernance/nouvelle', async (request, reply) => {
    const user = requireOperator(request);
    const raw = formValues(request.body);
    const parsed = parseForm(ZMeeting, joinDateParts(raw, ['heldOn']));
    if (!parsed.ok) return drawNew(request, reply, raw, parsed.errors, 422);
    const result = await createMeeting(services, {
      actor: actorOf(request, user),
      kind: parsed.data.kind,
      title: parsed.data.title,
      heldOn: parsed.data.heldOn,
      minutes: parsed.data.minutes,
      communeId: parsed.data.communeId ?? null,
    });
    if (!result.ok) return drawNew(request, reply, raw, result.errors, 422);
    return redirectWithin(request, reply, `/admin/gouvernance/${result.meeting.id}`);
  });

  const drawMeeting = async (
    request: FastifyRequest,
    reply: FastifyReply,
    minutes: string | null,
    errors: FieldErrors,
    status = 200,
  ) => {
    const meeting = await meetingOf(request);
    const recipients = await listRecipients(services.db, meeting.id);
    const bilateral = meeting.bilateral_tenant_id
      ? ((await services.tenants.byId(meeting.bilateral_tenant_id))?.name ?? null)
      : null;
    const published = parseQuery(ZMeetingQuery, request).publie === '1';
    return sendPage(
      request,
      reply,
      (context) =>
        MeetingPage({
          context,
          meeting,
          bilateralCommune: bilateral,
          recipients,
          minutes: minutes ?? meeting.minutes,
          errors,
          published,
        }),
      status,
    );
  };

  app.get('/admin/gouvernance/:id', async (request, reply) => {
    requireOperator(request);
    return drawMeeting(request, reply, null, {});
  });

  app.post('/admin/gouvernance/:id/publication', async (request, reply) => {
    const user = requireOperator(request);
    const meeting = await meetingOf(request);
    const form = parseForm(ZPublication, request.body);
    if (!form.ok) return drawMeeting(request, reply, String(form.values.minutes ?? ''), form.errors, 422);
    const result = await publishMinutes(services, {
      actor: actorOf(request, user),
      meetingId: meeting.id,
      minutes: form.data.minutes,
    });
    if (!result.ok) {
      if ('notFound' in result) throw notFound();
      return drawMeeting(request, reply, form.data.minutes, result.errors, 422);
    }
    return redirectWithin(request, reply, `/admin/gouvernance/${meeting.id}?publie=1`);
  });
}
