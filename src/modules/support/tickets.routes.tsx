import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/current-user.ts';
import { findStoredFile } from '../../platform/files/stored-files.repo.ts';
import { sendDownload } from '../../platform/exports/index.ts';
import { notFound } from '../../platform/http/errors.ts';
import { zText } from '../../platform/http/form-fields.ts';
import { formValues, parseForm } from '../../platform/http/forms.ts';
import { requireOperator, requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf, productionCommuneBySlug } from '../../platform/http/route-helpers.ts';
import { parseBody, parseParams, parseQuery, UPLOAD_ROUTE } from '../../platform/http/route-input.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { answerTicket } from './answer-ticket.ts';
import { listCommuneTickets, listDeskTickets, loadTicket } from './load-tickets.ts';
import { openTicket } from './open-ticket.ts';
import { qualifyTicket } from './qualify-ticket.ts';
import { SEVERITIES } from './sla.ts';
import { checkTicketFile } from './ticket-files.ts';
import { ticketUploadOf } from './ticket-upload.ts';
import { CommuneTicketsPage, DeskPage, NewTicketPage, TicketPage } from './views/ticket-pages.tsx';

const ZNewTicket = z.object({
  subject: zText('le sujet', 200),
  category: z.enum(['guichet', 'identite', 'connecteur', 'donnees', 'autre'], {
    message: 'Choisissez ce qui est concerné',
  }),
  description: zText('la description', 10_000),
});
const ZMessage = z.object({
  body: z.string().trim().max(10_000, 'Le message : 10 000 caractères au plus').catch('').default(''),
  status: z.enum(['en_cours', 'attente_commune', 'resolu']).optional().catch(undefined),
});
const ZQualification = z.object({ severity: z.enum(SEVERITIES, { message: 'Choisissez le type d’incident' }) });
const ZTicketParams = z.object({ id: z.string() });
const ZDeskParams = z.object({ slug: z.string().max(100), id: z.string() });
const ZFileParams = z.object({ eventId: z.string() });
const ZDone = z.object({
  fait: z.enum(['ouvert', 'envoye', 'qualifie']).optional().catch(undefined),
  tous: z.string().optional().catch(undefined),
});
const DONE = {
  ouvert: 'Le ticket est ouvert : le support de la Métropole est prévenu.',
  envoye: 'Votre message est envoyé.',
  qualifie: 'Le ticket est qualifié.',
};

/**
 * A commune's referents (its administrators and agents) on their own production instance; anyone else, operators
 * included, gets 404: the metropolis's support works from its desk.
 */
function communeReferent(request: FastifyRequest): {
  commune: ResolvedTenant;
  userId: string;
  label: string;
  email: string;
} {
  const user = requireUser(request);
  const { tenant } = request;
  if (tenant.kind !== 'commune' || tenant.isTestInstance) throw notFound();
  if (!hasRole(user, tenant, 'admin') && !hasRole(user, tenant, 'agent')) throw notFound();
  return { commune: tenant, userId: user.id, label: `${user.displayName} (${tenant.name})`, email: user.email };
}

/** The support tickets: the communes' pages and the metropolis's desk. */
export function registerTicketRoutes(app: FastifyInstance): void {
  const { services } = app;

  const ticketOf = async (commune: ResolvedTenant, id: string) => {
    const loaded = await loadTicket(services, commune, id);
    if (!loaded) throw notFound('Ce ticket n’existe pas.');
    return loaded;
  };

  const sendFile = async (reply: FastifyReply, commune: ResolvedTenant, ticketId: string, eventId: string) => {
    const { events } = await ticketOf(commune, ticketId);
    const event = events.find((e) => e.id === eventId && e.file_id);
    const file = event?.file_id ? await findStoredFile(services.db, event.file_id) : undefined;
    const bytes = file && file.tenant_id === commune.id ? await services.files.get(file.sha256) : undefined;
    if (!file || !bytes) throw notFound('Cette pièce jointe n’existe pas.');
    return sendDownload(reply, { name: file.original_name, mediaType: file.media_type, bytes });
  };

  /** A ticket's page, for the commune (`desk` null) or the metropolis's desk; with the errors of a refused form. */
  const showTicket = (
    request: FastifyRequest,
    reply: FastifyReply,
    loaded: Awaited<ReturnType<typeof ticketOf>>,
    desk: { communeName: string; base: string } | null,
    state: { body?: string; errors?: Record<string, string>; done?: string | undefined } = {},
  ) =>
    sendPage(
      request,
      reply,
      (context) =>
        TicketPage({
          context,
          ...loaded,
          desk,
          values: { body: state.body ?? '' },
          errors: state.errors ?? {},
          done: state.done,
        }),
      state.errors ? 422 : 200,
    );

  const checkedUpload = async (request: FastifyRequest) => {
    const upload = await ticketUploadOf(request.body);
    const problem = upload ? await checkTicketFile(upload) : null;
    return { upload: upload ?? null, problem };
  };

  // The commune's side.

  app.get('/support', async (request, reply) => {
    const { commune } = communeReferent(request);
    const { fait } = parseQuery(ZDone, request);
    const tickets = await listCommuneTickets(services, commune);
    return sendPage(request, reply, (context) =>
      CommuneTicketsPage({ context, tickets, ...(fait === 'ouvert' ? { done: DONE.ouvert } : {}) }),
    );
  });

  app.get('/support/nouveau', async (request, reply) => {
    communeReferent(request);
    return sendPage(request, reply, (context) =>
      NewTicketPage({ context, values: { subject: '', category: '', description: '' }, errors: {} }),
    );
  });

  app.post('/support/nouveau', UPLOAD_ROUTE, async (request, reply) => {
    const referent = communeReferent(request);
    const form = parseForm(ZNewTicket, request.body);
    const { upload, problem } = await checkedUpload(request);
    const errors = { ...(form.ok ? {} : form.errors), ...(problem ? { file: problem } : {}) };
    if (!form.ok || problem) {
      const values = {
        subject: String(form.values.subject ?? ''),
        category: String(form.values.category ?? ''),
        description: String(form.values.description ?? ''),
      };
      return sendPage(request, reply, (context) => NewTicketPage({ context, values, errors }), 422);
    }
    const ticket = await openTicket(services, {
      commune: referent.commune,
      author: { userId: referent.userId, label: referent.label, email: referent.email },
      ...form.data,
      file: upload,
    });
    return redirectWithin(request, reply, `/support/${ticket.id}?fait=ouvert`);
  });

  app.get('/support/:id', async (request, reply) => {
    const { commune } = communeReferent(request);
    const { id } = parseParams(ZTicketParams, request);
    const { fait } = parseQuery(ZDone, request);
    return showTicket(request, reply, await ticketOf(commune, id), null, { done: fait && DONE[fait] });
  });

  const postMessage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    commune: ResolvedTenant,
    id: string,
    side: 'commune' | 'metropole',
    author: { userId: string; label: string },
    back: string,
    desk: { communeName: string; base: string } | null,
  ) => {
    const form = parseBody(ZMessage, request);
    const { upload, problem } = await checkedUpload(request);
    const loaded = await ticketOf(commune, id);
    const { ticket } = loaded;
    const errors: Record<string, string> = {};
    if (problem) errors.file = problem;
    if (!form.body && !upload && !(side === 'metropole' && form.status))
      errors.body = 'Écrivez un message ou joignez un fichier.';
    if (Object.keys(errors).length > 0 || ticket.status === 'resolu') {
      if (ticket.status === 'resolu') errors.body = 'Ce ticket est résolu : ouvrez-en un autre.';
      return showTicket(request, reply, loaded, desk, { body: String(formValues(request.body).body ?? ''), errors });
    }
    await answerTicket(services, {
      commune,
      ticketId: ticket.id,
      side,
      author,
      body: form.body,
      file: upload,
      status: side === 'metropole' ? form.status : undefined,
    });
    return redirectWithin(request, reply, `${back}?fait=envoye`);
  };

  app.post('/support/:id/messages', UPLOAD_ROUTE, async (request, reply) => {
    const referent = communeReferent(request);
    const { id } = parseParams(ZTicketParams, request);
    return postMessage(
      request,
      reply,
      referent.commune,
      id,
      'commune',
      { userId: referent.userId, label: referent.label },
      `/support/${id}`,
      null,
    );
  });

  app.get('/support/:id/pieces/:eventId', async (request, reply) => {
    const { commune } = communeReferent(request);
    const { id } = parseParams(ZTicketParams, request);
    const { eventId } = parseParams(ZFileParams, request);
    return sendFile(reply, commune, id, eventId);
  });

  // The metropolis's desk.

  const deskTicket = async (request: FastifyRequest) => {
    const user = requireOperator(request);
    const { slug, id } = parseParams(ZDeskParams, request);
    const commune = await productionCommuneBySlug(services, slug);
    return { user, commune, id, base: `/admin/support/${commune.slug}/${id}` };
  };

  app.get('/admin/support', async (request, reply) => {
    requireOperator(request);
    const { tous } = parseQuery(ZDone, request);
    const tickets = await listDeskTickets(services, { openOnly: !tous });
    return sendPage(request, reply, (context) => DeskPage({ context, tickets, all: !!tous }));
  });

  app.get('/admin/support/:slug/:id', async (request, reply) => {
    const { commune, id, base } = await deskTicket(request);
    const { fait } = parseQuery(ZDone, request);
    const desk = { communeName: commune.name, base };
    return showTicket(request, reply, await ticketOf(commune, id), desk, { done: fait && DONE[fait] });
  });

  app.post('/admin/support/:slug/:id/qualification', async (request, reply) => {
    const { user, commune, id, base } = await deskTicket(request);
    const loaded = await ticketOf(commune, id);
    const { ticket } = loaded;
    const form = parseForm(ZQualification, request.body);
    if (!form.ok)
      return showTicket(request, reply, loaded, { communeName: commune.name, base }, { errors: form.errors });
    await qualifyTicket(services, {
      commune,
      ticketId: ticket.id,
      severity: form.data.severity,
      actor: actorOf(request, user),
      authorLabel: `${user.displayName} (support de la Métropole)`,
    });
    return redirectWithin(request, reply, `${base}?fait=qualifie`);
  });

  app.post('/admin/support/:slug/:id/messages', UPLOAD_ROUTE, async (request, reply) => {
    const { user, commune, id, base } = await deskTicket(request);
    return postMessage(
      request,
      reply,
      commune,
      id,
      'metropole',
      { userId: user.id, label: `${user.displayName} (support de la Métropole)` },
      base,
      { communeName: commune.name, base },
    );
  });

  app.get('/admin/support/:slug/:id/pieces/:eventId', async (request, reply) => {
    const { commune, id } = await deskTicket(request);
    const { eventId } = parseParams(ZFileParams, request);
    return sendFile(reply, commune, id, eventId);
  });
}
