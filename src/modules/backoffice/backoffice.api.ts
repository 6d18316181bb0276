import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAccountById } from '../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import {
  COUNT_CAP,
  countInbox,
  type InboxRow,
  listInbox,
  performTransition,
  postAdministrationMessage,
  type RequestRow,
  type RoutingDecision,
  type StepRefusal,
} from '../requests/index.ts';
import { loadWorkflow, statusOf } from '../workflows/index.ts';
import { buildAgentRequestView } from './agent-request-view.ts';
import { findHeldRequest } from './find-held-request.ts';
import { servicesHiddenFrom } from './team-visibility.ts';
import { type ApiPrincipal, actorOfPrincipal, BACKOFFICE_SCOPE, requireApiPrincipal } from './backoffice-access.ts';
import { DEFAULT_QUERY, type InboxQuery, isDate } from './inbox-query.ts';

/** An agent's session, or a partner's client-credentials token with the back-office scope. */
const SECURITY: Array<Record<string, string[]>> = [{ session: [] }, { clientCredentials: [BACKOFFICE_SCOPE] }];
const TAG = 'Back-office (GRU)';
const AUTH_NOTE = `Authentification : session d’un agent de l’instance, ou jeton d’accès (grant client_credentials, portée ${BACKOFFICE_SCOPE}) d’un client de cette collectivité.`;

const ZStatus = z.object({ key: z.string(), label: z.string(), citizenLabel: z.string(), final: z.boolean() });
const ZSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  service: z.string(),
  status: ZStatus,
  version: z
    .number()
    .int()
    .describe('À renvoyer avec une action : une demande modifiée entre-temps la refuse (409 version_conflict)'),
  submittedAt: z.string(),
  activityAt: z.string(),
  closedAt: z.string().nullable(),
  waitingForCitizenSince: z.string().nullable(),
  commune: z.string().nullable().describe('Code INSEE de la commune du lieu'),
  assignedTo: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});

const ZListQuery = z.object({
  state: z.enum(['open', 'closed', 'all']).default('open').describe('open : à traiter ; closed : terminées'),
  status: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/)
    .optional()
    .describe('Clé de statut'),
  service: z.uuid().optional().describe('Identifiant de la démarche'),
  from: z.iso
    .date()
    .refine(isDate, 'Date invalide')
    .optional()
    .describe('Déposées à partir de ce jour (AAAA-MM-JJ, heure de Paris)'),
  to: z.iso.date().refine(isDate, 'Date invalide').optional().describe('Déposées jusqu’à ce jour inclus'),
  assigned: z
    .enum(['any', 'me', 'unassigned', 'others', 'roles'])
    .default('any')
    .describe('roles : dans la file d’un rôle de l’appelant, que personne n’a prise'),
  commune: z
    .string()
    .regex(/^[0-9][0-9AB][0-9]{3}$/)
    .optional()
    .describe('Code INSEE de la commune du lieu'),
  q: z.string().max(100).optional().describe('Recherche : numéro, code de suivi, courriel, mots des réponses'),
  sort: z.enum(['newest', 'oldest', 'activity', 'number']).default('newest'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

const ZDetail = ZSummary.extend({
  citizen: z.object({ email: z.string(), name: z.string().nullable(), hasAccount: z.boolean() }),
  answers: z.record(z.string(), z.unknown()),
  routing: z.object({ rule: z.string(), explanation: z.string() }),
  transitions: z.array(
    z.object({ to: z.string(), label: z.string(), needs: z.object({ text: z.boolean(), file: z.boolean() }) }),
  ),
  messages: z.array(
    z.object({
      id: z.uuid(),
      author: z.enum(['citizen', 'administration']),
      authorLabel: z.string(),
      body: z.string(),
      at: z.string(),
    }),
  ),
  history: z.array(
    z.object({
      at: z.string(),
      actor: z.string(),
      title: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      note: z.string().nullable(),
      results: z.array(z.string()),
    }),
  ),
});

/** A processed request in the listing's shape (its title from the acknowledgement, its holder's name given). */
function asListed(row: RequestRow, assigneeName: string | null): InboxRow {
  return {
    ...row,
    title: (row.acknowledgement as { serviceTitle: string }).serviceTitle,
    assignee_name: assigneeName,
    unread_message: false,
  };
}

async function summaryOf(request: FastifyRequest, row: InboxRow): Promise<z.input<typeof ZSummary>> {
  const workflow = await loadWorkflow(request.server.services.db, row.workflow_version_id);
  const status = statusOf(workflow, row.status);
  return {
    id: row.id,
    number: row.number,
    service: row.title,
    status: {
      key: row.status,
      label: status?.label ?? row.status,
      citizenLabel: statusOf(workflow, row.citizen_status)?.citizenLabel ?? row.citizen_status,
      final: status?.final ?? false,
    },
    version: row.version,
    submittedAt: row.submitted_at.toISOString(),
    activityAt: row.activity_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    waitingForCitizenSince: row.paused_at?.toISOString() ?? null,
    commune: row.commune_insee,
    assignedTo: row.assigned_user_id ? { id: row.assigned_user_id, name: row.assignee_name ?? '' } : null,
  };
}

function refusal(result: StepRefusal): AppError {
  switch (result.reason) {
    case 'conflict':
      return new AppError(
        'version_conflict',
        `La demande a changé entre-temps (version ${result.currentVersion}) : relisez-la puis recommencez.`,
      );
    case 'held':
      return new AppError('request_held', `${result.heldBy} traite cette demande.`);
    case 'refused':
      return new AppError('transition_refused', result.message);
    case 'invalid':
      return new AppError('validation_failed', 'Cette action demande une saisie.', {
        fields: Object.entries(result.errors).map(([field, message]) => ({
          field: field === 'texte' ? 'text' : field === 'piece' ? 'file' : field,
          message,
        })),
      });
    default:
      return notFound();
  }
}

/** The back-office JSON API: list and filter, read one, move it along its workflow, write to the citizen. */
export function registerBackofficeApi(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;
  const common = { tag: TAG, access: 'public' as const, security: SECURITY, rateLimitPerMinute: 600 };

  const findRow = async (principal: ApiPrincipal, id: string) => {
    const holder = principal.kind === 'agent' ? principal.access.holder : principal.holder;
    const row = await findHeldRequest(services, holder, id, actorOfPrincipal(principal));
    if (!row) throw notFound('Aucune demande de cette collectivité ne porte cet identifiant.');
    return { holder, row };
  };

  apiRoute(
    app,
    api,
    {
      ...common,
      method: 'GET',
      path: '/api/gru/requests',
      operationId: 'listBackofficeRequests',
      summary: 'Lister et filtrer les demandes à traiter',
      description: `Les demandes dont la collectivité de l’instance est compétente, filtrées, triées, par pages. ${AUTH_NOTE}`,
      query: ZListQuery,
      responses: {
        200: {
          description: 'Une page de demandes',
          schema: z.object({
            items: z.array(ZSummary),
            total: z
              .number()
              .int()
              .describe(`Exact jusqu’à ${COUNT_CAP} ; au-delà, ${COUNT_CAP + 1}`),
            page: z.number().int(),
            pageSize: z.number().int(),
            hasMore: z.boolean(),
          }),
        },
      },
    },
    async (request, _reply, { query }) => {
      const principal = await requireApiPrincipal(request);
      const holder = principal.kind === 'agent' ? principal.access.holder : principal.holder;
      const userId = principal.kind === 'agent' ? principal.access.user.id : null;
      const filters: InboxQuery = {
        ...DEFAULT_QUERY,
        state: query.state,
        assigned: query.assigned,
        roles: principal.kind === 'agent' ? principal.access.roles : ['agent', 'admin'],
        sort: query.sort,
        page: query.page,
        ...(query.status ? { status: query.status } : {}),
        ...(query.service ? { eserviceId: query.service } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.commune ? { commune: query.commune } : {}),
        ...(query.q ? { text: query.q } : {}),
        excludedEserviceIds: await servicesHiddenFrom(services, holder, actorOfPrincipal(principal)),
      };
      const [rows, total] = await withTenant(services.db, holder.id, (trx) =>
        Promise.all([
          listInbox(trx, userId, filters, filters.sort, {
            offset: (query.page - 1) * query.pageSize,
            limit: query.pageSize + 1,
          }),
          countInbox(trx, userId, filters),
        ]),
      );
      const items = [];
      for (const row of rows.slice(0, query.pageSize)) items.push(await summaryOf(request, row));
      return { items, total, page: query.page, pageSize: query.pageSize, hasMore: rows.length > query.pageSize };
    },
  );

  apiRoute(
    app,
    api,
    {
      ...common,
      method: 'GET',
      path: '/api/gru/requests/{id}',
      operationId: 'getBackofficeRequest',
      summary: 'Lire une demande',
      description: `Ses réponses, son statut et sa version, les transitions possibles, ses messages et son historique (sans les notes internes). ${AUTH_NOTE}`,
      params: z.object({ id: z.uuid('Identifiant de demande invalide') }),
      responses: {
        200: { description: 'La demande', schema: ZDetail },
        404: { description: 'Aucune demande de cette collectivité ne porte cet identifiant' },
      },
    },
    async (request, reply, { params }) => {
      const principal = await requireApiPrincipal(request);
      const { holder, row } = await findRow(principal, params.id);
      const roles = principal.kind === 'agent' ? principal.access.roles : (['agent'] as const);
      const view = await buildAgentRequestView(services, holder, row, roles);
      void reply.header('etag', `"${row.version}"`);
      return {
        ...(await summaryOf(request, asListed(row, view.assignee?.name ?? null))),
        citizen: { email: row.contact_email, name: view.citizenName, hasAccount: !!row.citizen_user_id },
        answers: row.answers as Record<string, unknown>,
        routing: {
          rule: (row.routing as RoutingDecision).ruleLabel,
          explanation: (row.routing as RoutingDecision).explanation,
        },
        transitions: view.buttons
          .filter((b) => b.kind === 'transition')
          .map((b) => ({ to: b.key, label: b.label, needs: { text: !!b.text, file: !!b.file } })),
        messages: view.messages.map((m) => ({
          id: m.id,
          author: m.author,
          authorLabel: m.authorLabel,
          body: m.body,
          at: m.at.toISOString(),
        })),
        // Internal notes are for the agents' pages; partners' software gets the rest of the history.
        history: view.history
          .filter((h) => h.kind !== 'note')
          .map((h) => ({
            at: h.at.toISOString(),
            actor: h.actor,
            title: h.title,
            from: h.move?.from ?? null,
            to: h.move?.to ?? null,
            note: h.note,
            results: h.results,
          })),
      };
    },
  );

  apiRoute(
    app,
    api,
    {
      ...common,
      method: 'POST',
      path: '/api/gru/requests/{id}/transitions',
      operationId: 'transitionBackofficeRequest',
      summary: 'Faire avancer une demande',
      description: `Applique une transition du circuit depuis le statut actuel, avec ses actions. \`version\` est celle de la demande lue : si elle a changé entre-temps, rien n’est fait (409 version_conflict). Une demande qu’un autre agent traite est refusée à un agent (409 request_held). ${AUTH_NOTE}`,
      params: z.object({ id: z.uuid('Identifiant de demande invalide') }),
      body: z.object({
        to: z
          .string()
          .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Clé de statut attendue')
          .describe('Le statut visé (voir transitions dans la demande)'),
        version: z.number().int().min(1).describe('La version de la demande lue'),
        text: z
          .string()
          .max(4000)
          .optional()
          .describe('Le texte que la transition demande (question à l’usager, motif…)'),
        note: z.string().max(1000).optional().describe('Précision montrée à l’usager avec le nouveau statut'),
      }),
      responses: {
        200: { description: 'La demande après la transition', schema: ZSummary },
        409: { description: 'version_conflict, request_held ou transition_refused' },
        422: { description: 'Saisie manquante ou invalide' },
      },
    },
    async (request, _reply, { params, body }) => {
      const principal = await requireApiPrincipal(request);
      const { holder } = await findRow(principal, params.id);
      const result = await performTransition(services, {
        holder,
        requestId: params.id,
        expectedVersion: body.version,
        actor: actorOfPrincipal(principal),
        to: body.to,
        raw: { text: body.text, note: body.note },
      });
      if (!result.ok) throw refusal(result);
      const assignee = result.request.assigned_user_id
        ? await findAccountById(services.db, result.request.assigned_user_id)
        : undefined;
      return summaryOf(request, asListed(result.request, assignee?.display_name ?? null));
    },
  );

  apiRoute(
    app,
    api,
    {
      ...common,
      method: 'POST',
      path: '/api/gru/requests/{id}/messages',
      operationId: 'postBackofficeMessage',
      summary: 'Écrire à l’usager',
      description: `Un message dans le fil de la demande, signé du service compétent ; l’usager le lit sur son tableau de bord et en est prévenu. ${AUTH_NOTE}`,
      params: z.object({ id: z.uuid('Identifiant de demande invalide') }),
      body: z.object({ body: z.string().max(5000).describe('Texte simple') }),
      responses: {
        201: {
          description: 'Message envoyé',
          schema: z.object({ requestId: z.uuid(), notified: z.array(z.string()) }),
        },
        422: { description: 'Message vide ou invalide' },
      },
    },
    async (request, reply, { params, body }) => {
      const principal = await requireApiPrincipal(request);
      const { holder, row } = await findRow(principal, params.id);
      const result = await postAdministrationMessage(services, {
        holder,
        requestId: row.id,
        actor: actorOfPrincipal(principal),
        authorLabel: (row.routing as RoutingDecision).competent.office.name,
        body: body.body,
      });
      if (!result.ok && 'errors' in result)
        throw new AppError('validation_failed', 'Message invalide.', {
          fields: Object.entries(result.errors).map(([, message]) => ({ field: 'body', message })),
        });
      if (!result.ok) throw notFound();
      void reply.status(201);
      return { requestId: row.id, notified: result.notified };
    },
  );
}
