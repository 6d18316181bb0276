import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { checkUpload, uploadOf } from '../../platform/files/checked-upload.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import { sendDownload } from '../../platform/exports/index.ts';
import { notFound } from '../../platform/http/errors.ts';
import { zText } from '../../platform/http/form-fields.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireCommuneStaff, requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { CurrentUser } from '../../platform/auth/current-user.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { parisDateTime } from '../support/index.ts';
import { addEvidence } from './add-evidence.ts';
import { advanceIncident, type IncidentStep } from './advance-incident.ts';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES } from './incident-files.ts';
import { findIncident, listIncidentEvents, listIncidents } from './incidents.repo.ts';
import type { IncidentRow } from './incidents.tables.ts';
import { reportIncident } from './report-incident.ts';
import { IncidentListPage, IncidentPage, NewIncidentPage } from './views/incident-pages.tsx';

const ZId = z.object({ id: z.uuid() });
const ZPiece = z.object({ id: z.uuid(), eventId: z.uuid() });
const ZDone = z.object({ fait: z.enum(['signale', 'piece', 'etape']).optional().catch(undefined) });
const DONE = {
  signale: 'Le signalement est envoyé : la Métropole est prévenue et suit ses délais.',
  piece: 'La pièce est jointe au signalement.',
  etape: 'L’étape est enregistrée.',
};

const ZReport = z.object({
  kind: z.enum(['fuite', 'attaque'], { message: 'Choisissez la nature : fuite de données ou attaque' }),
  identityAttack: z.literal('oui').optional(),
  title: zText('le titre', 200),
  description: zText('la description', 10_000),
  detectedDay: z.string().trim().optional(),
  detectedTime: z.string().trim().optional(),
});
const ZQualification = z.object({
  personalData: z.enum(['oui', 'non'], { message: 'Dites si des données personnelles sont touchées' }),
  severity: z.enum(['faible', 'moyenne', 'elevee', 'critique'], { message: 'Choisissez la gravité' }),
  qualificationNote: z.string().trim().max(2000, 'L’analyse fait 2 000 caractères au plus').default(''),
});
const ZAlert = z.object({ alerteNote: zText('qui a été alerté', 2000) });
const ZCnil = z.object({
  reference: zText('la référence de la notification', 100),
  cnilNote: z.string().trim().max(2000, 'La remarque fait 2 000 caractères au plus').default(''),
});
const ZPieceNote = z.object({ pieceNote: z.string().optional() });
const ZClosure = z.object({ clotureNote: zText('ce qui a été fait', 2000) });

/**
 * Breach and attack reports (P4): a commune's referents (or the operators, for the metropolis itself) report under
 * /incidents; the metropolis's desk follows every report under /admin/incidents and takes the workflow's steps.
 */
export function registerIncidentsRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** Who reports on this instance: a commune's administrators and agents, or the operators on the metropolis's. */
  const requireReporter = (request: FastifyRequest): { user: CurrentUser; reporter: ResolvedTenant } => {
    if (request.tenant.kind === 'metropole') return { user: requireOperator(request), reporter: request.tenant };
    return { user: requireCommuneStaff(request), reporter: request.tenant };
  };

  const ownIncident = async (request: FastifyRequest) => {
    const { user, reporter } = requireReporter(request);
    const { id } = parseParams(ZId, request);
    const incident = await withTenant(services.db, reporter.id, (trx) => findIncident(trx, id, reporter.id));
    if (!incident) throw notFound('Aucun signalement ne porte ce numéro.');
    return { user, reporter, incident };
  };

  const deskIncident = async (request: FastifyRequest) => {
    const user = requireOperator(request);
    const { id } = parseParams(ZId, request);
    const incident = await findIncident(services.db, id);
    if (!incident) throw notFound('Aucun signalement ne porte ce numéro.');
    return { user, incident };
  };

  const showIncident = async (
    request: FastifyRequest,
    reply: FastifyReply,
    incident: IncidentRow,
    desk: boolean,
    errors: FieldErrors = {},
  ) => {
    const { fait } = parseQuery(ZDone, request);
    const events = await listIncidentEvents(services.db, incident.id);
    const reporter = await services.tenants.byId(incident.tenant_id);
    return sendPage(
      request,
      reply,
      (context) =>
        IncidentPage({
          context,
          incident,
          reporterName: reporter?.name ?? '',
          events,
          now: services.clock.now(),
          basePath: desk ? '/admin/incidents' : '/incidents',
          desk,
          errors,
          notice: fait && Object.keys(errors).length === 0 ? DONE[fait] : undefined,
        }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  };

  const sendEvidence = async (reply: FastifyReply, incident: IncidentRow, eventId: string) => {
    const event = (await listIncidentEvents(services.db, incident.id)).find((e) => e.id === eventId);
    const file = event?.file_id ? await findStoredFile(services.db, event.file_id) : undefined;
    const bytes = file ? await services.files.get(file.sha256) : undefined;
    if (!file || !bytes) throw notFound('Cette pièce n’existe pas.');
    return sendDownload(reply, { name: file.original_name, mediaType: file.media_type, bytes });
  };

  const attachEvidence = async (
    request: FastifyRequest,
    reply: FastifyReply,
    incident: IncidentRow,
    user: CurrentUser,
    desk: boolean,
    side: 'commune' | 'metropole',
  ) => {
    const note = (formText(parseForm(ZPieceNote, request.body).values).pieceNote ?? '').trim().slice(0, 2000);
    const added = await addEvidence(services, {
      incident,
      upload: await uploadOf(request.body, 'piece'),
      note,
      author: { userId: user.id, label: user.displayName },
      side,
      actor: actorOf(request, user),
    });
    if (!added.ok) return showIncident(request, reply, incident, desk, { piece: added.error });
    return redirectWithin(request, reply, `${desk ? '/admin/incidents' : '/incidents'}/${incident.id}?fait=piece`);
  };

  // The reporter's side.
  app.get('/incidents', async (request, reply) => {
    const { reporter } = requireReporter(request);
    const incidents = await withTenant(services.db, reporter.id, (trx) => listIncidents(trx, reporter.id));
    return sendPage(request, reply, (context) =>
      IncidentListPage({
        context,
        items: incidents.map((incident) => ({ incident, reporterName: reporter.name })),
        now: services.clock.now(),
        basePath: '/incidents',
        desk: false,
        title: 'Signalements de sécurité',
      }),
    );
  });

  const newPage = (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors) =>
    sendPage(
      request,
      reply,
      (context) => NewIncidentPage({ context, basePath: '/incidents', values, errors }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );

  app.get('/incidents/nouveau', async (request, reply) => {
    requireReporter(request);
    return newPage(request, reply, {}, {});
  });

  app.post('/incidents/nouveau', async (request, reply) => {
    const { user, reporter } = requireReporter(request);
    const form = parseForm(ZReport, request.body);
    const values = formText(form.values);
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    const detectedAt = parisDateTime(values.detectedDay, values.detectedTime);
    if (!detectedAt) errors.detectedDay = 'Saisissez le jour (2026-11-30) et l’heure (14:30) de la détection.';
    else if (detectedAt > services.clock.now()) errors.detectedDay = 'La détection ne peut pas être dans le futur.';
    const upload = await uploadOf(request.body, 'file');
    const checked = upload ? await checkUpload(upload, EVIDENCE_TYPES, MAX_EVIDENCE_BYTES) : null;
    if (checked && !checked.ok) errors.file = checked.error;
    if (!form.ok || !detectedAt || Object.keys(errors).length > 0) return newPage(request, reply, values, errors);
    const incident = await reportIncident(services, {
      reporter,
      input: {
        kind: form.data.kind,
        identityAttack: form.data.identityAttack === 'oui',
        title: form.data.title,
        description: form.data.description,
        detectedAt,
      },
      evidence: upload && checked?.ok ? { upload, type: checked.type } : null,
      author: { userId: user.id, label: user.displayName },
      actor: actorOf(request, user),
    });
    return redirectWithin(request, reply, `/incidents/${incident.id}?fait=signale`);
  });

  app.get('/incidents/:id', async (request, reply) => {
    const { incident } = await ownIncident(request);
    return showIncident(request, reply, incident, false);
  });

  app.post('/incidents/:id/pieces', async (request, reply) => {
    const { user, reporter, incident } = await ownIncident(request);
    return attachEvidence(
      request,
      reply,
      incident,
      user,
      false,
      reporter.kind === 'metropole' ? 'metropole' : 'commune',
    );
  });

  app.get('/incidents/:id/pieces/:eventId', async (request, reply) => {
    const { incident } = await ownIncident(request);
    return sendEvidence(reply, incident, parseParams(ZPiece, request).eventId);
  });

  // The metropolis's desk.
  app.get('/admin/incidents', async (request, reply) => {
    requireOperator(request);
    const incidents = await listIncidents(services.db);
    const items = await Promise.all(
      incidents.map(async (incident) => ({
        incident,
        reporterName: (await services.tenants.byId(incident.tenant_id))?.name ?? '',
      })),
    );
    return sendPage(request, reply, (context) =>
      IncidentListPage({
        context,
        items,
        now: services.clock.now(),
        basePath: '/admin/incidents',
        desk: true,
        title: 'Signalements de sécurité de toutes les administrations',
      }),
    );
  });

  app.get('/admin/incidents/:id', async (request, reply) => {
    const { incident } = await deskIncident(request);
    return showIncident(request, reply, incident, true);
  });

  app.post('/admin/incidents/:id/pieces', async (request, reply) => {
    const { user, incident } = await deskIncident(request);
    return attachEvidence(request, reply, incident, user, true, 'metropole');
  });

  app.get('/admin/incidents/:id/pieces/:eventId', async (request, reply) => {
    const { incident } = await deskIncident(request);
    return sendEvidence(reply, incident, parseParams(ZPiece, request).eventId);
  });

  const step = <S extends z.ZodType>(
    path: string,
    schema: S,
    toStep: (data: z.output<S>) => IncidentStep,
    errorField: string,
  ) =>
    app.post(`/admin/incidents/:id/${path}`, async (request, reply) => {
      const { user, incident } = await deskIncident(request);
      const form = parseForm(schema, request.body);
      if (!form.ok) return showIncident(request, reply, incident, true, form.errors);
      const done = await advanceIncident(services, {
        incident,
        step: toStep(form.data),
        actor: actorOf(request, user),
      });
      if (!done.ok) return showIncident(request, reply, incident, true, { [errorField]: done.error });
      return redirectWithin(request, reply, `/admin/incidents/${incident.id}?fait=etape`);
    });

  step(
    'qualification',
    ZQualification,
    (d) => ({
      step: 'qualification',
      personalData: d.personalData === 'oui',
      severity: d.severity,
      note: d.qualificationNote,
    }),
    'personalData',
  );
  step('alerte', ZAlert, (d) => ({ step: 'alerte', note: d.alerteNote }), 'alerteNote');
  step('cnil', ZCnil, (d) => ({ step: 'cnil', reference: d.reference, note: d.cnilNote }), 'reference');
  step('cloture', ZClosure, (d) => ({ step: 'cloture', note: d.clotureNote }), 'clotureNote');
}
