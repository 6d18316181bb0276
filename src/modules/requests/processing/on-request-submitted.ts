import type { TenantTransaction } from '../../../platform/db/tenant-scope.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import type { SubmittedRequestRow } from '../requests.tables.ts';
import { scheduleTimers } from './move-request.ts';
import { runActions } from './run-actions.ts';
import { NO_INPUT } from './step-input.ts';
import { statusOf, type WorkflowDefinition } from '../../workflows/index.ts';
import { lockRequest, markClosed } from './processing.repo.ts';

/** Whether a request submitted into this status needs onRequestSubmitted at all (most first statuses do not). */
export function submissionHasWork(workflow: WorkflowDefinition, statusKey: string): boolean {
  const status = statusOf(workflow, statusKey);
  return Boolean(status && (status.final || status.onEnter.length || status.timers.length));
}

/**
 * A request was just stored (storeSubmissions calls this in the batch's transaction, in the holder's scope): its
 * first status's entry actions and timed jumps start. A request relayed by e-mail at once is closed from the start:
 * nobody here processes it. Most first statuses have no action nor timer: then nothing is read again. The agents
 * hear of the request once the job that follows the submission emits `requestsSubmitted`.
 */
export async function onRequestSubmitted(
  trx: TenantTransaction,
  services: Services,
  options: { holder: ResolvedTenant; request: SubmittedRequestRow; workflow: WorkflowDefinition },
): Promise<void> {
  const { holder, workflow } = options;
  const status = statusOf(workflow, options.request.status);
  if (!status || !submissionHasWork(workflow, status.key)) return;
  if (status.final) {
    await markClosed(trx, options.request.id, options.request.submitted_at);
    return;
  }
  const request = await lockRequest(trx, options.request.id);
  if (!request) return;
  const actor = { userId: null, label: 'Plateforme (dépôt)', ip: null, kind: 'system' as const, roles: [] };
  const at = request.submitted_at;
  const outcome = await runActions(
    {
      trx,
      services,
      holder,
      workflow,
      actor,
      input: NO_INPUT,
      at,
      statusChangeId: null,
      eventKey: `submitted:${request.id}`,
    },
    status.onEnter,
    request,
  );
  await scheduleTimers({ trx, holder, at }, outcome.request, status);
}
