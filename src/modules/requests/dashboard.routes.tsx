import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { instanceBase, redirectWithin, sendPage } from '../../platform/http/render.tsx';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { findEServicesByIds, providerOf } from '../catalogue/index.ts';
import { type FileUpload, rawFromHtml } from '../forms/index.ts';
import { citizenOf } from '../../platform/auth/access-tokens.ts';
import { listOpenDraftsOfCitizen } from './drafts.repo.ts';
import { postCitizenMessage } from './post-citizen-message.ts';
import { buildRequestView, citizenStatusLabel, competentProvider, providerOfEService } from './request-view.ts';
import { findRequest, findRequestByTrackingCode, listAttachments, listRequestsOfCitizen } from './requests.repo.ts';
import type { RequestRow } from './requests.tables.ts';
import type { RoutingDecision } from './routing/route-request.ts';
import { requestPath } from './submission.ts';
import {
  AcknowledgementPage,
  type DashboardDraft,
  DashboardPage,
  type DashboardRequest,
  TrackingLookupPage,
  TrackingSummaryPage,
} from './views/dashboard-pages.tsx';
import { RequestPage } from './views/request-page.tsx';
import type { Acknowledgement } from './acknowledgement.ts';

const UPLOAD_ROUTE = { config: { multipartOptions: { throwFileSizeLimit: false } as Record<string, unknown> } };
// Tracking codes are long enough not to be guessed; the limit keeps it that way.
const TRACKING_LIMIT = { config: { rateLimit: { max: 30, timeWindow: 60_000 } } };

const NOTICES: Record<string, string> = {
  brouillon: 'Votre brouillon est enregistré : reprenez-le quand vous voulez.',
  supprime: 'Le brouillon est supprimé.',
  message: 'Votre message est envoyé.',
};

/** "k7m2 xq9p 4hdt" → "K7M2-XQ9P-4HDT" (the code as printed), or null when it cannot be one. */
export function normaliseTrackingCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

async function sendDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  holder: ResolvedTenant,
  requestRow: RequestRow,
) {
  const { services } = request.server;
  const { attachmentId } = request.params as { attachmentId: string };
  const attachments = await withTenant(services.db, holder.id, (trx) => listAttachments(trx, requestRow.id));
  const attachment = attachments.find((a) => a.id === attachmentId);
  const bytes = attachment ? await services.files.get(attachment.sha256) : undefined;
  if (!attachment || !bytes) throw notFound("Ce document n'existe pas.");
  return reply
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`)
    .header('x-content-type-options', 'nosniff')
    .type(attachment.mediaType)
    .send(bytes);
}

/** The citizen's side after sending: dashboard, each request, its acknowledgement, messages, documents, tracking. */
export function registerDashboardRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/mes-demandes', async (request, reply) => {
    const user = requireUser(request);
    const [requests, drafts] = await Promise.all([
      listRequestsOfCitizen(services.db, user.id),
      listOpenDraftsOfCitizen(services.db, user.id),
    ]);
    // Every row's e-service in one query, not one per row (a citizen may have up to 200 requests here).
    const eservices = new Map(
      (
        await findEServicesByIds(
          services.db,
          [...requests, ...drafts].map((r) => r.eservice_id),
        )
      ).map((e) => [e.id, e]),
    );
    const providerOfService = async (eserviceId: string) => {
      const eservice = eservices.get(eserviceId);
      const tenant = eservice ? await services.tenants.byId(eservice.tenant_id) : undefined;
      return tenant ? providerOf(tenant) : undefined;
    };
    const rows: DashboardRequest[] = [];
    for (const r of requests) {
      const holder = await services.tenants.byId(r.tenant_id);
      if (!holder) continue;
      rows.push({
        number: r.number,
        href: requestPath(holder, r),
        title: (r.acknowledgement as Acknowledgement).serviceTitle,
        provider: (await providerOfService(r.eservice_id)) ?? providerOf(holder),
        competent: await competentProvider(services, r.routing as RoutingDecision),
        status: (await citizenStatusLabel(services, r)).label,
        updatedAt: r.updated_at,
      });
    }
    const draftRows: DashboardDraft[] = [];
    for (const d of drafts) {
      const eservice = eservices.get(d.eservice_id);
      const tenant = await services.tenants.byId(d.tenant_id);
      if (!eservice || !tenant) continue;
      draftRows.push({
        title: eservice.title,
        provider: providerOf(tenant),
        href: `${instanceBase(tenant)}/brouillons/${d.id}`,
        updatedAt: d.updated_at,
      });
    }
    const fait = (request.query as Record<string, unknown>).fait;
    return sendPage(request, reply, (context) =>
      DashboardPage({
        context,
        requests: rows,
        drafts: draftRows,
        notice: typeof fait === 'string' ? (NOTICES[fait] ?? null) : null,
      }),
    );
  });

  /** A request of this instance that belongs to the signed-in citizen; anything else does not exist for them. */
  const ownRequest = async (request: FastifyRequest) => {
    const user = requireUser(request);
    const { id } = request.params as { id: string };
    const row = await withTenant(services.db, request.tenant.id, (trx) => findRequest(trx, request.tenant.id, id));
    if (!row || row.citizen_user_id !== user.id) throw notFound("Cette demande n'existe pas ou n'est pas la vôtre.");
    return { user, row };
  };

  /** A request of this instance reached by its tracking code, and whether the visitor may see all of it. */
  const trackedRequest = async (request: FastifyRequest) => {
    const code = normaliseTrackingCode((request.params as { code: string }).code);
    const row = code ? await findRequestByTrackingCode(services.db, code) : undefined;
    if (!row || row.tenant_id !== request.tenant.id) throw notFound('Aucune demande ne correspond à ce code de suivi.');
    return { row, full: row.citizen_user_id === null };
  };

  const renderRequest = async (
    request: FastifyRequest,
    reply: FastifyReply,
    row: RequestRow,
    base: string,
    extra: { value?: string; errors?: FieldErrors } = {},
  ) => {
    const view = await buildRequestView(services, request.tenant, row);
    const fait = (request.query as Record<string, unknown>).fait;
    const errors = extra.errors ?? {};
    return sendPage(
      request,
      reply,
      (context) =>
        RequestPage({
          context,
          view,
          base,
          fromDashboard: row.citizen_user_id !== null,
          message: { value: extra.value ?? '', errors },
          notice: typeof fait === 'string' ? (NOTICES[fait] ?? null) : null,
        }),
      Object.keys(errors).length ? 422 : 200,
    );
  };

  const renderAcknowledgement = async (request: FastifyRequest, reply: FastifyReply, row: RequestRow) => {
    const routing = row.routing as RoutingDecision;
    const provider = (await providerOfEService(services, row.eservice_id)) ?? providerOf(request.tenant);
    const competent = await competentProvider(services, routing);
    return sendPage(request, reply, (context) =>
      AcknowledgementPage({
        context,
        acknowledgement: row.acknowledgement as Acknowledgement,
        requestHref: requestPath(request.tenant, row),
        competent,
        provider,
        contactEmail: row.contact_email,
      }),
    );
  };

  const postMessage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    row: RequestRow,
    base: string,
    author: { userId: string | null; label: string },
  ) => {
    const raw = await rawFromHtml(
      [
        {
          type: 'file',
          key: 'piece',
          label: 'Pièce jointe',
          required: false,
          accept: ['image', 'pdf'],
          maxBytes: 5 * 1024 * 1024,
        },
      ],
      request.body,
    );
    const body = String(formValues(request.body).message ?? '');
    const result = await postCitizenMessage(services, {
      holder: request.tenant,
      request: row,
      authorUserId: author.userId,
      authorLabel: author.label,
      body,
      upload: raw.piece as FileUpload | undefined,
    });
    if (!result.ok)
      return renderRequest(request, reply, row, base, { value: body.slice(0, 6000), errors: result.errors });
    return reply.redirect(`${base}?fait=message#messages`, 303);
  };

  app.get('/mes-demandes/:id', async (request, reply) => {
    const { row } = await ownRequest(request);
    return renderRequest(request, reply, row, requestPath(request.tenant, row));
  });

  app.get('/mes-demandes/:id/accuse-de-reception', async (request, reply) => {
    const { row } = await ownRequest(request);
    return renderAcknowledgement(request, reply, row);
  });

  app.post('/mes-demandes/:id/messages', UPLOAD_ROUTE, async (request, reply) => {
    const { user, row } = await ownRequest(request);
    return postMessage(request, reply, row, requestPath(request.tenant, row), {
      userId: user.id,
      label: user.displayName,
    });
  });

  app.get('/mes-demandes/:id/documents/:attachmentId', async (request, reply) => {
    const { row } = await ownRequest(request);
    return sendDocument(request, reply, request.tenant, row);
  });

  app.get('/suivi', TRACKING_LIMIT, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const typed = typeof query.code === 'string' ? query.code.slice(0, 40) : '';
    if (!typed) return sendPage(request, reply, (context) => TrackingLookupPage({ context, code: '', errors: {} }));
    const code = normaliseTrackingCode(typed);
    const row = code ? await findRequestByTrackingCode(services.db, code) : undefined;
    const holder = row ? await services.tenants.byId(row.tenant_id) : undefined;
    if (!row || !holder || !code) {
      const message = code
        ? 'Aucune demande ne correspond à ce code : vérifiez-le dans votre accusé de réception.'
        : 'Le code de suivi compte 12 lettres et chiffres, par exemple K7M2-XQ9P-4HDT.';
      return sendPage(
        request,
        reply,
        (context) => TrackingLookupPage({ context, code: typed, errors: { code: message } }),
        404,
      );
    }
    return reply.redirect(`${instanceBase(holder)}/suivi/${code}`, 303);
  });

  app.get('/suivi/:code', TRACKING_LIMIT, async (request, reply) => {
    const { row, full } = await trackedRequest(request);
    const citizen = await citizenOf(request);
    if (!full && citizen?.userId === row.citizen_user_id) return reply.redirect(requestPath(request.tenant, row), 303);
    if (!full) {
      const status = await citizenStatusLabel(services, row);
      const loginHref = `${request.basePath}/connexion?retour=${encodeURIComponent(requestPath(request.tenant, row))}`;
      return sendPage(request, reply, (context) =>
        TrackingSummaryPage({
          context,
          number: row.number,
          title: (row.acknowledgement as Acknowledgement).serviceTitle,
          status: status.label,
          updatedAt: row.updated_at,
          loginHref,
        }),
      );
    }
    return renderRequest(request, reply, row, requestPath(request.tenant, row));
  });

  app.get('/suivi/:code/accuse-de-reception', TRACKING_LIMIT, async (request, reply) => {
    const { row, full } = await trackedRequest(request);
    if (!full) return redirectWithin(request, reply, `/suivi/${row.tracking_code}`);
    return renderAcknowledgement(request, reply, row);
  });

  app.post(
    '/suivi/:code/messages',
    { ...UPLOAD_ROUTE, ...TRACKING_LIMIT, config: { ...UPLOAD_ROUTE.config, ...TRACKING_LIMIT.config } },
    async (request, reply) => {
      const { row, full } = await trackedRequest(request);
      if (!full) throw notFound('Aucune demande ne correspond à ce code de suivi.');
      return postMessage(request, reply, row, requestPath(request.tenant, row), { userId: null, label: 'Usager' });
    },
  );

  app.get('/suivi/:code/documents/:attachmentId', TRACKING_LIMIT, async (request, reply) => {
    const { row, full } = await trackedRequest(request);
    if (!full) throw notFound("Ce document n'existe pas.");
    return sendDocument(request, reply, request.tenant, row);
  });
}
