import { recordAudit } from '../../../platform/audit/audit.repo.ts';
import type { Services } from '../../../platform/services.ts';
import type { FileUpload } from '../../forms/index.ts';
import { lockedStep, mayPress, readForStep, type StepRefusal, type StepTarget } from './locked-step.ts';
import { runActions } from './run-actions.ts';
import { checkStepInput } from './step-input.ts';
import { insertRequestEvent, updateProcessing } from './processing.repo.ts';
import type { RequestRow } from './../requests.tables.ts';

export type RunButtonOptions = StepTarget & {
  buttonKey: string;
  raw: { text?: string | undefined; upload?: FileUpload | undefined };
};

export type RunButtonResult = { ok: true; request: RequestRow; notified: string[] } | StepRefusal;

/** An agent presses a button of the current status that runs actions without changing it (remind, attach…). */
export async function runButton(services: Services, options: RunButtonOptions): Promise<RunButtonResult> {
  const seen = await readForStep(services, options);
  if (!seen) return { ok: false, reason: 'not-found' };
  if (options.expectedVersion !== null && options.expectedVersion !== seen.request.version)
    return { ok: false, reason: 'conflict', currentVersion: seen.request.version };
  const button = seen.status.buttons.find((b) => b.key === options.buttonKey);
  if (!button)
    return {
      ok: false,
      reason: 'refused',
      message: `Cette action n'est pas possible au statut « ${seen.status.label} ».`,
    };
  if (!mayPress(button.roles, options.actor))
    return { ok: false, reason: 'refused', message: `« ${button.label} » est réservé aux administrateurs.` };
  const checked = await checkStepInput(button.actions, options.raw);
  if (!checked.ok) return { ok: false, reason: 'invalid', errors: checked.errors };
  const at = services.clock.now();
  const { holder, actor } = options;
  return lockedStep(
    services,
    { ...options, expectedVersion: options.expectedVersion ?? seen.request.version },
    async (trx, locked) => {
      const request = await updateProcessing(trx, locked, {}, at);
      const eventId = await insertRequestEvent(trx, {
        tenantId: holder.id,
        requestId: request.id,
        at,
        kind: 'button',
        actorUserId: actor.userId,
        actorLabel: actor.label,
        summary: button.label,
        details: { button: button.key, status: request.status },
      });
      const outcome = await runActions(
        {
          trx,
          services,
          holder,
          workflow: seen.workflow,
          actor,
          input: checked.input,
          at,
          statusChangeId: null,
          eventKey: `button:${eventId}`,
        },
        button.actions,
        request,
      );
      await recordAudit(trx, {
        actor,
        tenantId: holder.id,
        action: 'request.button',
        target: { type: 'request', id: request.id },
        details: { number: request.number, button: button.key },
        at,
      });
      return { ok: true as const, ...outcome };
    },
  );
}
