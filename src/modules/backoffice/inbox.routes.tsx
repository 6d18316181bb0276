import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formValues } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import type { Services } from '../../platform/services.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { compareFrench } from '../../platform/views/format.ts';
import { checkPlainText } from '../forms/index.ts';
import { listWorkflowVersionIds, loadWorkflow, statusOf } from '../workflows/index.ts';
import { countInbox, listInbox, listInboxServices, listProcessingAgents } from '../requests/index.ts';
import { actOnSelection, type SelectionAction } from './act-on-selection.ts';
import { type AgentAccess, requireAgent } from './backoffice-access.ts';
import { deleteInboxView, insertInboxView, listInboxViews } from './backoffice.repo.ts';
import { type InboxQuery, inboxQueryString, parseInboxQuery, queryOfView, viewQuery } from './inbox-query.ts';
import { type InboxLine, InboxPage, type InboxPageProps } from './views/inbox-page.tsx';

export const PAGE_SIZE = 50;

/**
 * The statuses of every workflow the tenant may use, latest label first, for the status filter. Versions never
 * change once published: their parsed form comes from loadWorkflow's cache, not from parsing each on every page.
 */
async function statusChoices(services: Services, tenantId: string) {
  const ids = await withTenant(services.db, tenantId, (trx) => listWorkflowVersionIds(trx, tenantId));
  const workflows = await Promise.all(ids.map((id) => loadWorkflow(services.db, id).catch(() => null)));
  const labels = new Map<string, string>();
  for (const workflow of workflows)
    for (const s of workflow?.statuses ?? []) if (!labels.has(s.key)) labels.set(s.key, s.label);
  return [...labels].map(([value, label]) => ({ value, label })).sort((a, b) => compareFrench(a.label, b.label));
}

/** Reads the query string kept in a form's hidden field ("filtres"). */
export function queryFromHidden(body: unknown): { query: InboxQuery; errors: FieldErrors } {
  const text = String(formValues(body).filtres ?? '');
  return parseInboxQuery(Object.fromEntries(new URLSearchParams(text)));
}

type InboxState = { errors?: FieldErrors; notice?: InboxPageProps['notice']; status?: number };

export async function renderInbox(
  request: FastifyRequest,
  reply: FastifyReply,
  access: AgentAccess,
  asked: InboxQuery,
  state: InboxState = {},
) {
  const { services } = request.server;
  const { holder, user } = access;
  const query = { ...asked, roles: access.roles };
  // The page and the filters' choices do not depend on each other: they are read together.
  const [[rows, total, views], agents, eservices, statuses, tenants] = await Promise.all([
    withTenant(services.db, holder.id, (trx) =>
      Promise.all([
        listInbox(trx, holder.id, user.id, query, query.sort, {
          offset: (query.page - 1) * PAGE_SIZE,
          limit: PAGE_SIZE + 1,
        }),
        countInbox(trx, holder.id, user.id, query),
        listInboxViews(trx, user.id),
      ]),
    ),
    listProcessingAgents(services, holder),
    listInboxServices(services.db, holder.id),
    statusChoices(services, holder.id),
    services.tenants.all(),
  ]);
  const communes = tenants
    .filter((t) => t.kind === 'commune' && !t.isTestInstance && t.insee_code)
    .sort((a, b) => compareFrench(a.name, b.name));
  const communeName = new Map(communes.map((c) => [c.insee_code, c.name]));
  const page = rows.slice(0, PAGE_SIZE);
  const bulk = new Map<string, string>();
  const lines: InboxLine[] = [];
  for (const r of page) {
    const workflow = await loadWorkflow(services.db, r.workflow_version_id);
    const status = statusOf(workflow, r.status);
    for (const t of workflow.transitions.filter(
      (t) => t.from === r.status && t.bulk && access.roles.some((role) => t.roles.includes(role)),
    )) {
      bulk.set(`vers:${t.to}`, `${t.label} (statut « ${statusOf(workflow, t.to)?.label ?? t.to} »)`);
    }
    lines.push({
      id: r.id,
      number: r.number,
      title: r.title,
      status: status?.label ?? r.status,
      internal: status?.visibleToCitizen === false,
      waiting: !!r.paused_at,
      closed: !!r.closed_at,
      submittedAt: r.submitted_at,
      activityAt: r.activity_at,
      commune: r.commune_insee ? (communeName.get(r.commune_insee) ?? r.commune_insee) : null,
      assignee: r.assignee_name,
      mine: r.assigned_user_id === user.id,
      version: r.version,
    });
  }
  const current = inboxQueryString(query, { page: 1 });
  return sendPage(
    request,
    reply,
    (context) =>
      InboxPage({
        context,
        tenantName: holder.name,
        query,
        errors: state.errors ?? {},
        lines,
        total,
        pageSize: PAGE_SIZE,
        hasNext: rows.length > PAGE_SIZE,
        choices: {
          services: eservices.map((s) => ({ value: s.id, label: s.title })),
          statuses,
          communes: communes.map((c) => ({ value: c.insee_code ?? '', label: c.name })),
          agents: agents.map((a) => ({
            value: a.userId,
            label: a.userId === user.id ? `${a.displayName} (vous)` : a.displayName,
          })),
          bulkTransitions: [...bulk].map(([value, label]) => ({ value, label })),
        },
        views: views.map((v) => {
          const target = inboxQueryString(queryOfView(v.query), { page: 1 });
          return {
            id: v.id,
            name: v.name,
            shared: v.shared,
            mine: v.owner_user_id === user.id,
            href: `${request.basePath}/gru/demandes${target}`,
            current: target === current,
          };
        }),
        notice: state.notice ?? null,
      }),
    state.status ?? 200,
  );
}

const SELECTION_ITEM = /^([0-9a-f-]{36}):(\d{1,9})$/;

/** The inbox, its saved views and its bulk actions. */
export function registerInboxRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/gru/demandes', async (request, reply) => {
    const access = requireAgent(request);
    const { query, errors } = parseInboxQuery(request.query);
    return renderInbox(request, reply, access, query, { errors, status: Object.keys(errors).length ? 422 : 200 });
  });

  app.post('/gru/vues', async (request, reply) => {
    const access = requireAgent(request);
    const { query } = queryFromHidden(request.body);
    const values = formValues(request.body);
    const name = String(values.nom ?? '').trim();
    const problem = name
      ? checkPlainText(name, { maxLength: 80, multiline: false })
      : 'Donnez un nom à la vue, par exemple « Éclairage non attribué ».';
    if (problem) return renderInbox(request, reply, access, query, { errors: { nom: problem }, status: 422 });
    const at = services.clock.now();
    await withTenant(services.db, access.holder.id, async (trx) => {
      const view = await insertInboxView(trx, {
        ownerUserId: access.user.id,
        name,
        query: viewQuery(query),
        shared: values.partagee === 'oui',
        at,
      });
      await recordAudit(trx, {
        actor: access.actor,
        tenantId: access.holder.id,
        action: 'inbox.view.save',
        target: { type: 'inbox_view', id: view.id },
        details: { name, shared: view.shared },
        at,
      });
    });
    return redirectWithin(request, reply, `/gru/demandes${inboxQueryString(query, { page: 1 })}`);
  });

  app.post('/gru/vues/:id/supprimer', async (request, reply) => {
    const access = requireAgent(request);
    const { id } = request.params as { id: string };
    const at = services.clock.now();
    const deleted = await withTenant(services.db, access.holder.id, async (trx) => {
      const view = await deleteInboxView(trx, id, access.user.id);
      if (view)
        await recordAudit(trx, {
          actor: access.actor,
          tenantId: access.holder.id,
          action: 'inbox.view.delete',
          target: { type: 'inbox_view', id },
          details: { name: view.name },
          at,
        });
      return view;
    });
    if (!deleted) throw notFound("Cette vue n'existe pas ou n'est pas la vôtre.");
    return redirectWithin(request, reply, '/gru/demandes');
  });

  app.post('/gru/selection', async (request, reply) => {
    const access = requireAgent(request);
    const { query } = queryFromHidden(request.body);
    const values = formValues(request.body);
    const ticked = (
      Array.isArray(values.demandes) ? values.demandes : values.demandes ? [values.demandes] : []
    ).flatMap((v) => {
      const match = SELECTION_ITEM.exec(v);
      return match ? [{ id: match[1] as string, version: Number(match[2]) }] : [];
    });
    const chosen = String(values.action ?? '');
    const action: SelectionAction | null =
      chosen === 'moi'
        ? { kind: 'me' }
        : chosen === 'liberer'
          ? { kind: 'nobody' }
          : chosen.startsWith('agent:')
            ? { kind: 'agent', userId: chosen.slice(6) }
            : chosen.startsWith('vers:')
              ? { kind: 'transition', to: chosen.slice(5) }
              : null;
    if (ticked.length === 0 || !action) {
      return renderInbox(request, reply, access, query, {
        status: 422,
        notice: {
          kind: 'warning',
          title: ticked.length === 0 ? 'Cochez au moins une demande.' : 'Choisissez une action.',
          lines: [],
        },
      });
    }
    const outcomes = await actOnSelection(services, {
      holder: access.holder,
      actor: access.actor,
      selection: ticked,
      action,
    });
    const done = outcomes.filter((o) => o.ok).length;
    const refused = outcomes.filter((o) => !o.ok);
    return renderInbox(request, reply, access, query, {
      notice: {
        kind: refused.length ? 'warning' : 'success',
        title: `${done} demande${done > 1 ? 's' : ''} traitée${done > 1 ? 's' : ''}${refused.length ? `, ${refused.length} non traitée${refused.length > 1 ? 's' : ''}` : ''}.`,
        lines: refused.map((o) => `n° ${o.number ?? '?'} : ${o.message}`),
      },
    });
  });
}
