import type { TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { gruRequestPath } from '../paths.ts';
import type { Acknowledgement } from '../acknowledgement.ts';
import type { RoutingDecision } from '../routing/route-request.ts';
import { loadWorkflow, statusOf } from '../../workflows/index.ts';
import { agentMailJob } from './agent-mail.job.ts';
import { moveRequest } from './move-request.ts';
import { NO_INPUT } from './step-input.ts';
import { lockRequest } from './processing.repo.ts';

/**
 * The citizen wrote about their request (their message is stored in the same transaction): a request waiting for
 * their answer resumes at once, its clock running again, and the agent holding it (else its team) is told by e-mail.
 */
export async function resumeOnCitizenReply(
  trx: TenantTransaction,
  services: Services,
  options: {
    holder: ResolvedTenant;
    requestId: string;
    messageId: string;
    citizen: { userId: string | null; label: string };
  },
): Promise<{ resumed: boolean }> {
  const { holder } = options;
  const request = await lockRequest(trx, options.requestId);
  if (!request) return { resumed: false };
  const workflow = await loadWorkflow(trx, request.workflow_version_id);
  const waiting = statusOf(workflow, request.status)?.waitingForCitizen;
  const target = waiting ? statusOf(workflow, waiting.resumeTo) : undefined;
  const at = services.clock.now();
  if (target) {
    const actor = {
      userId: options.citizen.userId,
      label: `${options.citizen.label} (réponse de l’usager)`,
      ip: null,
      kind: 'citizen' as const,
      roles: [],
    };
    await moveRequest({ trx, services, holder, workflow, actor, at }, request, target, {
      input: NO_INPUT,
      cause: 'réponse de l’usager',
    });
  }
  // The agent holding it hears of it; nobody holding it, the team whose queue it is in (a role, or everyone) does,
  // or the message would wait unseen until someone opens the inbox.
  const title = (request.acknowledgement as Acknowledgement).serviceTitle;
  const recipients = request.assigned_user_id
    ? { to: 'assignee' as const, who: 'que vous traitez' }
    : request.assigned_role
      ? { to: 'role' as const, role: request.assigned_role, who: 'que personne ne traite encore' }
      : { to: 'all' as const, who: 'que personne ne traite encore' };
  // A request relayed by e-mail is another administration's: the message follows it there, not to this team.
  if (!request.assigned_user_id && (request.routing as RoutingDecision).channel === 'email-relay') {
    return { resumed: !!target };
  }
  await services.jobs.enqueue(
    trx,
    agentMailJob,
    {
      tenantId: holder.id,
      requestId: request.id,
      to: recipients.to,
      ...('role' in recipients ? { role: recipients.role } : {}),
      subject: `${target ? 'Réponse de l’usager' : 'Nouveau message de l’usager'} : demande n° ${request.number}`,
      paragraphs: [
        `L’usager a écrit au sujet de la demande n° ${request.number} (« ${title} ») ${recipients.who}.`,
        ...(target ? [`La demande attendait sa réponse : elle est repassée au statut « ${target.label} ».`] : []),
      ],
      action: {
        label: 'Lire le message',
        url: `${services.config.publicUrl}${gruRequestPath(holder, request.id)}#messages`,
      },
      eventKey: `citizen-message:${options.messageId}`,
    },
    { tenantId: holder.id, dedupeKey: `agent-mail:citizen-message:${options.messageId}` },
  );
  return { resumed: !!target };
}
