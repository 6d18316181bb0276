import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { listServicesHandledBy } from '../catalogue/index.ts';
import { countInbox, listInbox, listProcessingAgents } from '../requests/index.ts';
import { listWorkflowVersionIds, loadWorkflow, statusOf } from '../workflows/index.ts';
import type { AgentAccess } from './backoffice-access.ts';
import { listInboxViews } from './backoffice.repo.ts';
import { type InboxQuery, inboxQueryString, queryOfView } from './inbox-query.ts';
import { servicesHiddenFrom } from './team-visibility.ts';
import type { InboxLine, InboxPageProps } from './views/inbox-page.tsx';

export const PAGE_SIZE = 50;

/** One page of the inbox, the choices of its filters, and the saved views (each with the query string it applies). */
export type InboxListing = Pick<
  InboxPageProps,
  'tenantName' | 'query' | 'lines' | 'total' | 'pageSize' | 'hasNext' | 'choices'
> & {
  views: Array<{ id: string; name: string; shared: boolean; mine: boolean; target: string }>;
  /** The query string of the listing shown, first page: a saved view with the same one is the current view. */
  current: string;
};

/**
 * The statuses of every workflow the tenant may use, latest label first, for the status filter. Versions never
 * change once published: their parsed form comes from loadWorkflow's cache, not from parsing each on every page.
 */
async function statusChoices(services: Services, tenantId: string) {
  const ids = await withTenant(services.db, tenantId, (trx) => listWorkflowVersionIds(trx));
  const workflows = await Promise.all(ids.map((id) => loadWorkflow(services.db, id).catch(() => null)));
  const labels = new Map<string, string>();
  for (const workflow of workflows)
    for (const s of workflow?.statuses ?? []) if (!labels.has(s.key)) labels.set(s.key, s.label);
  return [...labels].map(([value, label]) => ({ value, label })).sort((a, b) => compareFrench(a.label, b.label));
}

/** The agent's inbox as asked (filters, sort, page), within what their roles let them see. */
export async function loadInbox(services: Services, access: AgentAccess, asked: InboxQuery): Promise<InboxListing> {
  const { holder, user } = access;
  const query = { ...asked, roles: access.roles };
  // Another team's services are left out of the listing, its count and the service filter's choices.
  const hidden = await servicesHiddenFrom(services, holder, access.actor);
  const seen = { ...query, excludedEserviceIds: hidden };
  // The page and the filters' choices do not depend on each other: they are read together.
  const [[rows, total, views], agents, eservices, statuses, tenants] = await Promise.all([
    withTenant(services.db, holder.id, (trx) =>
      Promise.all([
        listInbox(trx, user.id, seen, query.sort, {
          offset: (query.page - 1) * PAGE_SIZE,
          limit: PAGE_SIZE + 1,
        }),
        countInbox(trx, user.id, seen),
        listInboxViews(trx, user.id),
      ]),
    ),
    listProcessingAgents(services, holder),
    listServicesHandledBy(services.db, holder.id),
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
      unread: r.unread_message,
      closed: !!r.closed_at,
      submittedAt: r.submitted_at,
      activityAt: r.activity_at,
      commune: r.commune_insee ? (communeName.get(r.commune_insee) ?? r.commune_insee) : null,
      assignee: r.assignee_name,
      mine: r.assigned_user_id === user.id,
      version: r.version,
    });
  }
  return {
    tenantName: holder.name,
    query,
    lines,
    total,
    pageSize: PAGE_SIZE,
    hasNext: rows.length > PAGE_SIZE,
    choices: {
      services: eservices.filter((s) => !hidden.includes(s.id)).map((s) => ({ value: s.id, label: s.title })),
      statuses,
      communes: communes.map((c) => ({ value: c.insee_code ?? '', label: c.name })),
      agents: agents.map((a) => ({
        value: a.userId,
        label: a.userId === user.id ? `${a.displayName} (vous)` : a.displayName,
      })),
      bulkTransitions: [...bulk].map(([value, label]) => ({ value, label })),
    },
    views: views.map((v) => ({
      id: v.id,
      name: v.name,
      shared: v.shared,
      mine: v.owner_user_id === user.id,
      target: inboxQueryString(queryOfView(v.query), { page: 1 }),
    })),
    current: inboxQueryString(query, { page: 1 }),
  };
}
