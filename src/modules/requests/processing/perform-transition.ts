import type { Services } from '../../../platform/services.ts';
import type { FileUpload } from '../../forms/index.ts';
import { lockedStep, mayPress, readForStep, type StepRefusal, type StepTarget } from './locked-step.ts';
import { moveRequest } from './move-request.ts';
import { checkStepInput } from './step-input.ts';
import { statusOf, transitionOf } from '../../workflows/index.ts';
import { insertRequestEvent, updateProcessing } from './processing.repo.ts';
import type { RequestRow } from './../requests.tables.ts';

export type PerformTransitionOptions = StepTarget & {
  /** The status to go to, along a transition of the current one. */
  to: string;
  raw: { text?: string | undefined; note?: string | undefined; upload?: FileUpload | undefined };
};

export type PerformTransitionResult = { ok: true; request: RequestRow; notified: string[] } | StepRefusal;

/**
 * An agent (or a partner's software) presses a workflow button that changes the status. Under the request's lock:
 * the version they saw must be current, nobody else may hold it, the transition must exist from the current status
 * for their role. An agent acting on a request nobody holds takes it.
 */
export async function performTransition(
  services: Services,
  options: PerformTransitionOptions,
): Promise<PerformTransitionResult> {
  const seen = await readForStep(services, options);
  if (!seen) return { ok: false, reason: 'not-found' };
  // A form made on an older version is stale whatever it asks: say so before judging the step against the new status.
  if (options.expectedVersion !== null && options.expectedVersion !== seen.request.version)
    return { ok: false, reason: 'conflict', currentVersion: seen.request.version };
  const transition = transitionOf(seen.workflow, seen.request.status, options.to);
  const target = statusOf(seen.workflow, options.to);
  if (!transition || !target)
    return {
      ok: false,
      reason: 'refused',
      message: `Cette action n'est pas possible au statut « ${seen.status.label} ».`,
    };
  if (!mayPress(transition.roles, options.actor))
    return { ok: false, reason: 'refused', message: `« ${transition.label} » est réservé aux administrateurs.` };
  const checked = await checkStepInput(transition.actions, options.raw);
  if (!checked.ok) return { ok: false, reason: 'invalid', errors: checked.errors };
  const at = services.clock.now();
  return lockedStep(
    services,
    { ...options, expectedVersion: options.expectedVersion ?? seen.request.version },
    async (trx, locked) => {
      // The version check guarantees the status is still the one whose transition was checked above.
      let request = locked;
      const { actor, holder } = options;
      if (actor.kind === 'agent' && actor.userId && !request.assigned_user_id) {
        request = await updateProcessing(trx, request, { assignment: { userId: actor.userId, role: null } }, at);
        await insertRequestEvent(trx, {
          tenantId: holder.id,
          requestId: request.id,
          at,
          kind: 'assignment',
          actorUserId: actor.userId,
          actorLabel: actor.label,
          summary: `Prise en charge par ${actor.label}`,
          details: { userId: actor.userId },
        });
      }
      const moved = await moveRequest({ trx, services, holder, workflow: seen.workflow, actor, at }, request, target, {
        transition,
        input: checked.input,
        cause: transition.label,
      });
      return { ok: true as const, request: moved.request, notified: moved.notified };
    },
  );
}
