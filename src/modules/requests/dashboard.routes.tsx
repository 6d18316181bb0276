import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { parseBody, parseParams, parseQuery, UPLOAD_ROUTE } from '../../platform/http/route-input.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { instanceBase, redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { findEServicesByIds, providerOf } from '../catalogue/index.ts';
import { citizenOf } from '../../platform/auth/access-tokens.ts';
import { listOpenDraftsOfCitizen } from './drafts.repo.ts';
import { citizenStatusLabel, competentProvider } from './request-view.ts';
import { findRequest, findRequestByTrackingCode, listRequestsOfCitizen } from './requests.repo.ts';
import {
  NOTICES,
  postMessageFromPage,
  sendAcknowledgementPage,
  sendDocument,
  sendRequestPage,
} from './citizen-request-pages.tsx';
import type { RoutingDecision } from './routing/route-request.ts';
import { requestPath } from './submission.ts';
import { DraftPath, loadDraft } from './load-draft.ts';
import {
  ConfirmDraftDeletionPage,
  DASHBOARD_FILTERS,
  type DashboardDraft,
  DashboardPage,
  type DashboardRequest,
  TrackingLookupPage,
  TrackingSummaryPage,
} from './views/dashboard-pages.tsx';
import type { Acknowledgement } from './acknowledgement.ts';

/**
 * Tracking codes are long enough not to be guessed; the limit keeps it that way. A tracking page opens with the code
 * alone, often on a shared computer: neither the browser nor a proxy keeps it or its documents, signed in or not.
 */
const TRACKING_ROUTE = {
  config: { rateLimit: { max: 30, timeWindow: 60_000 } },
  onRequest: ((_request, reply, done) => {
    void reply.header('cache-control', 'no-store');
    done();
  }) satisfies onRequestHookHandler,
};

const RequestIdPath = z.object({ id: z.string() });
const RequestDocumentPath = RequestIdPath.extend({ attachmentId: z.string() });
const TrackingPath = z.object({ code: z.string() });
const TrackedDocumentPath = TrackingPath.extend({ attachmentId: z.string() });
/** A notice after a redirect; anything else is ignored. */
const NoticeQuery = z.object({ fait: z.string().optional().catch(undefined) });
/** The dashboard's filter: an unknown value shows everything. */
const DashboardQuery = NoticeQuery.extend({ statut: z.enum(DASHBOARD_FILTERS).catch('toutes') });
/** The code typed in the tracking form (bounded: it is echoed back). */
const TrackingQuery = z.object({
  code: z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, 40)),
});
const MessageForm = z.object({ message: z.string().catch('').default('') });

/** "k7m2 xq9p 4hdt" → "K7M2-XQ9P-4HDT" (the code as printed), or null when it cannot be one. */
export function normaliseTrackingCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

/** A request of this instance that belongs to the signed-in citizen; anything else does not exist for them. */
async function ownRequest(request: FastifyRequest) {
  const user = requireUser(request);
  const { id } = parseParams(RequestIdPath, request);
  const row = await withTenant(request.server.services.db, request.tenant.id, (trx) => findRequest(trx, id));
  if (!row || row.citizen_user_id !== user.id) throw notFound("Cette demande n'existe pas ou n'est pas la vôtre.");
  return { user, row };
}

/** A request of this instance reached by its tracking code, and whether the visitor may see all of it. */
async function trackedRequest(request: FastifyRequest) {
  const code = normaliseTrackingCode(parseParams(TrackingPath, request).code);
  const row = code ? await findRequestByTrackingCode(request.server.services.db, code) : undefined;
  if (!row || row.tenant_id !== request.tenant.id) throw notFound('Aucune demande ne correspond à ce code de suivi.');
  return { row, full: row.citizen_user_id === null };
}

type DashboardFilter = (typeof DASHBOARD_FILTERS)[number];

/** Whether a request shows under a filter of the dashboard. */
function matches(r: DashboardRequest, filter: DashboardFilter): boolean {
  if (filter === 'attente') return r.waiting;
  if (filter === 'en-cours') return !r.closed;
  if (filter === 'terminees') return r.closed;
  return true;
}

/** The requests a filter keeps, those waiting for the citizen's answer first (the rest as listed: latest change first). */
function selectForDashboard(rows: DashboardRequest[], filter: DashboardFilter): DashboardRequest[] {
  const kept = rows.filter((r) => matches(r, filter));
  return [...kept.filter((r) => r.waiting), ...kept.filter((r) => !r.waiting)];
}

function countByFilter(rows: DashboardRequest[]): Record<DashboardFilter, number> {
  return Object.fromEntries(DASHBOARD_FILTERS.map((f) => [f, rows.filter((r) => matches(r, f)).length])) as Record<
    DashboardFilter,
    number
  >;
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
    const { fait, statut } = parseQuery(DashboardQuery, request);
    const rows: DashboardRequest[] = [];
    for (const r of requests) {
      const holder = await services.tenants.byId(r.tenant_id);
      if (!holder) continue;
      const status = await citizenStatusLabel(services, r);
      rows.push({
        number: r.number,
        href: requestPath(holder, r),
        title: (r.acknowledgement as Acknowledgement).serviceTitle,
        provider: (await providerOfService(r.eservice_id)) ?? providerOf(holder),
        competent: await competentProvider(services, r.routing as RoutingDecision),
        status: status.label,
        waiting: !!r.paused_at && !r.closed_at,
        closed: !!r.closed_at || status.final,
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
        deleteHref: `${instanceBase(tenant)}/brouillons/${d.id}/supprimer`,
        updatedAt: d.updated_at,
      });
    }
    return sendPage(request, reply, (context) =>
      DashboardPage({
        context,
        requests: selectForDashboard(rows, statut),
        counts: countByFilter(rows),
        filter: statut,
        drafts: draftRows,
        notice: fait ? (NOTICES[fait] ?? null) : null,
      }),
    );
  });

  // Deleting a draft asks first, on a page of its own: the form that deletes works without any script.
  app.get('/brouillons/:id/supprimer', async (request, reply) => {
    const loaded = await loadDraft(request, parseParams(DraftPath, request).id);
    return sendPage(request, reply, (context) =>
      ConfirmDraftDeletionPage({
        context,
        title: loaded.service.title,
        updatedAt: loaded.draft.updated_at,
        action: `${request.basePath}/brouillons/${loaded.draft.id}/supprimer`,
        keepHref: loaded.citizen
          ? `${request.basePath}/mes-demandes`
          : `${request.basePath}/brouillons/${loaded.draft.id}`,
      }),
    );
  });

  app.get('/mes-demandes/:id', async (request, reply) => {
    const { row } = await ownRequest(request);
    return sendRequestPage(request, reply, row, { notice: parseQuery(NoticeQuery, request).fait });
  });

  app.get('/mes-demandes/:id/accuse-de-reception', async (request, reply) => {
    const { row } = await ownRequest(request);
    return sendAcknowledgementPage(request, reply, row);
  });

  app.post('/mes-demandes/:id/messages', UPLOAD_ROUTE, async (request, reply) => {
    const { user, row } = await ownRequest(request);
    const { message } = parseBody(MessageForm, request);
    return postMessageFromPage(request, reply, row, { userId: user.id, label: user.displayName }, message);
  });

  app.get('/mes-demandes/:id/documents/:attachmentId', async (request, reply) => {
    const { row } = await ownRequest(request);
    return sendDocument(request, reply, request.tenant, row, parseParams(RequestDocumentPath, request).attachmentId);
  });

  app.get('/suivi', TRACKING_ROUTE, async (request, reply) => {
    const { code: typed } = parseQuery(TrackingQuery, request);
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

  app.get('/suivi/:code', TRACKING_ROUTE, async (request, reply) => {
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
    return sendRequestPage(request, reply, row, { notice: parseQuery(NoticeQuery, request).fait });
  });

  app.get('/suivi/:code/accuse-de-reception', TRACKING_ROUTE, async (request, reply) => {
    const { row, full } = await trackedRequest(request);
    if (!full) return redirectWithin(request, reply, `/suivi/${row.tracking_code}`);
    return sendAcknowledgementPage(request, reply, row);
  });

  app.post(
    '/suivi/:code/messages',
    { ...UPLOAD_ROUTE, ...TRACKING_ROUTE, config: { ...UPLOAD_ROUTE.config, ...TRACKING_ROUTE.config } },
    async (request, reply) => {
      const { row, full } = await trackedRequest(request);
      if (!full) throw notFound('Aucune demande ne correspond à ce code de suivi.');
      const { message } = parseBody(MessageForm, request);
      return postMessageFromPage(request, reply, row, { userId: null, label: 'Usager' }, message);
    },
  );

  app.get('/suivi/:code/documents/:attachmentId', TRACKING_ROUTE, async (request, reply) => {
    const { row, full } = await trackedRequest(request);
    if (!full) throw notFound("Ce document n'existe pas.");
    return sendDocument(request, reply, request.tenant, row, parseParams(TrackedDocumentPath, request).attachmentId);
  });
}
