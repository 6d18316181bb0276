import { z } from 'zod';
import { listTenantMembers } from '../../../platform/auth/accounts.repo.ts';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { defineJob } from '../../../platform/jobs/job-definition.ts';
import { queueEmail } from '../../../platform/mail/send-mail.job.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { listTeamOf } from '../../catalogue/index.ts';
import { findRequest } from '../requests.repo.ts';

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
      for (const agent of recipients) {
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
