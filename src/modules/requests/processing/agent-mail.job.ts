import { z } from 'zod';
import { wantsEmail } from '../../../platform/app-module/app-module.ts';
import { listTenantMembers } from '../../../platform/auth/accounts.repo.ts';
import { type Executor, withTenant } from '../../../platform/db/tenant-scope.ts';
import { defineJob } from '../../../platform/jobs/job-definition.ts';
import { queueEmail } from '../../../platform/mail/send-mail.job.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { listTeamOf } from '../../catalogue/index.ts';
import { gruRequestPath } from '../paths.ts';
import { agentsNotified } from '../request-events.ts';
import { findRequest } from '../requests.repo.ts';
import type { RequestRow } from '../requests.tables.ts';
import type { RoutingDecision } from '../routing/route-request.ts';

const ZAgentMail = z.object({
  /** The tenant holding the request. */
  tenantId: z.uuid(),
  requestId: z.uuid(),
  to: z.enum(['assignee', 'all', 'role']),
  role: z.enum(['agent', 'admin']).optional(),
  subject: z.string().min(1).max(300),
  paragraphs: z.array(z.string()).max(30),
  action: z.object({ label: z.string(), url: z.string() }),
  /** Names the event, so that each recipient gets it once whatever the retries. */
  eventKey: z.string().min(1).max(200),
  /** What it is about, for the agents' preferences per kind (a workflow's notice is about a step). */
  kind: z.enum(['status', 'message', 'deadline']).default('status'),
});
export type AgentMail = z.output<typeof ZAgentMail>;

export type ProcessingAgent = { userId: string; email: string; displayName: string; roles: Array<'agent' | 'admin'> };

/** The people who process a tenant's requests: its agents and administrators (held on the production tenant). */
export async function listProcessingAgents(services: Services, holder: ResolvedTenant): Promise<ProcessingAgent[]> {
  const members = await withTenant(services.db, holder.production.id, (trx) =>
    listTenantMembers(trx, holder.production.id),
  );
  return members
    .map((m) => ({
      userId: m.userId,
      email: m.email,
      displayName: m.displayName,
      roles: m.roles.filter((r): r is 'agent' | 'admin' => r === 'agent' || r === 'admin'),
    }))
    .filter((m) => m.roles.length > 0);
}

/**
 * The agents who see a service's requests: the members of its team (catalogue's per-service teams) and the
 * administrators, or everyone when it has no team. Teams are kept on the production commune.
 */
export async function listAgentsOfService(
  services: Services,
  holder: ResolvedTenant,
  eserviceId: string,
): Promise<ProcessingAgent[]> {
  const [agents, team] = await Promise.all([
    listProcessingAgents(services, holder),
    withTenant(services.db, holder.production.id, (trx) => listTeamOf(trx, eserviceId)),
  ]);
  return team.length === 0 ? agents : agents.filter((a) => a.roles.includes('admin') || team.includes(a.userId));
}

/**
 * Who hears of a request's news: the agent holding it; nobody holding it, the team whose queue it is in (a role, or
 * everyone), or it would wait unseen until someone opens the inbox. Nobody for a request relayed by e-mail that
 * nobody here holds: it is another administration's.
 */
export function audienceOf(
  request: Pick<RequestRow, 'assigned_user_id' | 'assigned_role' | 'routing'>,
): { to: 'assignee' } | { to: 'role'; role: 'agent' | 'admin' } | { to: 'all' } | null {
  if (request.assigned_user_id) return { to: 'assignee' };
  if ((request.routing as RoutingDecision).channel === 'email-relay') return null;
  return request.assigned_role ? { to: 'role', role: request.assigned_role } : { to: 'all' };
}

/**
 * Plans the agents' e-mails (and, through agentsNotified, their bell) about a request, in the caller's transaction;
 * the event key names the news, so it is told once. The link opens the request in the back-office (`anchor`: a part
 * of its page).
 */
export async function tellAgents(
  trx: Executor,
  services: Services,
  holder: ResolvedTenant,
  requestId: string,
  mail: Omit<z.input<typeof ZAgentMail>, 'tenantId' | 'requestId' | 'action'> & {
    action: { label: string; anchor?: string };
  },
): Promise<void> {
  const { action, ...rest } = mail;
  const url = `${services.config.publicUrl}${gruRequestPath(holder, requestId)}${action.anchor ?? ''}`;
  await services.jobs.enqueue(
    trx,
    agentMailJob,
    { ...rest, tenantId: holder.id, requestId, action: { label: action.label, url } },
    { tenantId: holder.id, dedupeKey: `agent-mail:${mail.eventKey}` },
  );
}

/**
 * E-mails to agents about a request (the "notify agents" action, a citizen's answer): the recipients are resolved
 * when the job runs, after the change committed, in the tenant that holds the roles.
 */
export const agentMailJob = defineJob({
  name: 'workflow.agent-mail',
  queue: 'mail',
  schema: ZAgentMail,
  maxAttempts: 10,
  async handler(mail, { services }) {
    const holder = await services.tenants.byId(mail.tenantId);
    if (!holder) return;
    const request = await withTenant(services.db, holder.id, (trx) => findRequest(trx, mail.requestId));
    if (!request) return;
    // Only those who may open the request hear of it: a service with a team is its members' and the administrators'.
    const agents = await listAgentsOfService(services, holder, request.eservice_id);
    let recipients: ProcessingAgent[];
    if (mail.to === 'assignee') recipients = agents.filter((a) => a.userId === request.assigned_user_id);
    else if (mail.to === 'role') recipients = agents.filter((a) => mail.role && a.roles.includes(mail.role));
    else recipients = agents;
    if (recipients.length === 0) return;
    await withTenant(services.db, holder.id, async (trx) => {
      await services.events.emit(trx, agentsNotified, {
        ...{ holder, requestId: request.id, userIds: recipients.map((a) => a.userId), kind: mail.kind },
        ...{ title: mail.subject, path: gruRequestPath(holder, request.id), key: `agent-mail:${mail.eventKey}` },
      });
      for (const agent of recipients) {
        if (!(await wantsEmail(services, trx, agent.userId, mail.kind))) continue;
        await queueEmail(trx, services.jobs, {
          to: agent.email,
          tenantId: holder.id,
          dedupeKey: `agent-mail:${mail.eventKey}:${agent.userId}`,
          content: {
            subject: mail.subject,
            greeting: `Bonjour ${agent.displayName},`,
            paragraphs: mail.paragraphs,
            action: mail.action,
            signature: `Communs — ${holder.name}`,
          },
        });
      }
    });
  },
});
