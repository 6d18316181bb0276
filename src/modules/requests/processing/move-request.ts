import type { Transaction } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.repo.ts';
import type { DB } from '../../../platform/db/schema.ts';
import type { Services } from '../../../platform/services.ts';
import type { ResolvedTenant } from '../../../platform/tenancy/tenant-directory.ts';
import { notifyRequestEvent } from '../citizen-notifications.ts';
import { insertStatusChange } from '../requests.repo.ts';
import { requestStatusChanged } from '../request-events.ts';
import {
  timerMinutes,
  type WorkflowDefinition,
  type WorkflowStatus,
  type WorkflowTransition,
} from '../../workflows/index.ts';
import { closeTimers, insertTimer, updateProcessing } from './processing.repo.ts';
import type { RequestRow } from './../requests.tables.ts';
import { type ProcessingActor, runActions } from './run-actions.ts';
import type { StepInput } from './step-input.ts';

export type MoveContext = {
  trx: Transaction<DB>;
  services: Services;
  holder: ResolvedTenant;
  workflow: WorkflowDefinition;
  actor: ProcessingActor;
  at: Date;
};

export type MoveResult = { request: RequestRow; notified: string[]; statusChangeId: string };

/**
 * Moves a locked request to a status of its workflow, in the caller's transaction: the timeline (from → to, who,
 * when), the clock (a wait for the citizen pauses it), the transition's actions then the new status's entry actions
 * (each result in the history), the standard notification, the new status's timed jumps, and the audit log.
 * Callers have checked that the move is allowed (a transition, a timer, the citizen's answer).
 */
export async function moveRequest(
  ctx: MoveContext,
  request: RequestRow,
  target: WorkflowStatus,
  via: { transition?: WorkflowTransition; input: StepInput; cause: string },
): Promise<MoveResult> {
  const { trx, services, holder, at } = ctx;
  await closeTimers(trx, request.id, at);
  const statusChangeId = await insertStatusChange(trx, {
    tenantId: holder.id,
    requestId: request.id,
    at,
    from: request.status,
    to: target.key,
    visibleToCitizen: target.visibleToCitizen,
    actorUserId: ctx.actor.userId,
    actorLabel: ctx.actor.label,
    note: via.input.note,
  });
  const moved = await updateProcessing(
    trx,
    request,
    {
      status: {
        key: target.key,
        citizenKey: target.visibleToCitizen ? target.key : request.citizen_status,
        visibleToCitizen: target.visibleToCitizen,
        final: target.final,
        waiting: !!target.waitingForCitizen,
      },
    },
    at,
  );
  const outcome = await runActions(
    { ...ctx, input: via.input, statusChangeId, eventKey: `status:${statusChangeId}` },
    [...(via.transition?.actions ?? []), ...target.onEnter],
    moved,
  );
  const notified = new Set(outcome.notified);
  if (target.visibleToCitizen && target.notify) {
    for (const channel of await notifyRequestEvent(trx, services, holder, outcome.request, {
      kind: 'status',
      label: target.citizenLabel,
      note: via.input.note,
      eventId: statusChangeId,
    })) {
      notified.add(channel);
    }
  }
  await scheduleTimers(ctx, outcome.request, target);
  await services.events.emit(trx, requestStatusChanged, {
    holder,
    requestId: request.id,
    statusChangeId,
    status: target.key,
    citizenLabel: target.visibleToCitizen ? target.citizenLabel : null,
    final: target.final,
    note: via.input.note,
    at,
  });
  await recordAudit(trx, {
    actor: ctx.actor,
    tenantId: holder.id,
    action: 'request.status.change',
    target: { type: 'request', id: request.id },
    details: { number: request.number, from: request.status, to: target.key, cause: via.cause },
    at,
  });
  return { request: outcome.request, notified: [...notified], statusChangeId };
}

/** One row per timed jump of the status just entered, due "N minutes after the last change". */
export async function scheduleTimers(
  ctx: Pick<MoveContext, 'trx' | 'holder' | 'at'>,
  request: RequestRow,
  status: WorkflowStatus,
): Promise<void> {
  for (const timer of status.timers) {
    const minutes = timerMinutes(timer);
    await insertTimer(ctx.trx, {
      tenantId: ctx.holder.id,
      requestId: request.id,
      fromStatus: status.key,
      statusEnteredAt: request.status_entered_at,
      toStatus: timer.to,
      label: timer.label,
      delayMinutes: minutes,
      dueAt: new Date(request.activity_at.getTime() + minutes * 60_000),
    });
  }
}
