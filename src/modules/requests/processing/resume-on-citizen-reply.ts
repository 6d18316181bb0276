import type { TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import type { Acknowledgement } from '../acknowledgement.ts';
import { loadWorkflow, statusOf } from '../../workflows/index.ts';
import { audienceOf, tellAgents } from './agent-mail.job.ts';
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
  const title = (request.acknowledgement as Acknowledgement).serviceTitle;
  const audience = audienceOf(request);
  // A request relayed by e-mail is another administration's: the message follows it there, not to this team.
  if (!audience) return { resumed: !!target };
  await tellAgents(trx, services, holder, request.id, {
    ...audience,
    subject: `${target ? 'Réponse de l’usager' : 'Nouveau message de l’usager'} : demande n° ${request.number}`,
    paragraphs: [
      `L’usager a écrit au sujet de la demande n° ${request.number} (« ${title} ») ${audience.to === 'assignee' ? 'que vous traitez' : 'que personne ne traite encore'}.`,
      ...(target ? [`La demande attendait sa réponse : elle est repassée au statut « ${target.label} ».`] : []),
    ],
    action: { label: 'Lire le message', anchor: '#messages' },
    eventKey: `citizen-message:${options.messageId}`,
    kind: 'message',
  });
  return { resumed: !!target };
}
