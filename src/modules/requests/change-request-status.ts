import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { notifyRequestEvent } from './citizen-notifications.ts';
import { findRequest, insertStatusChange, updateRequestStatus } from './requests.repo.ts';
import { mayTransition, statusOf } from './workflow.ts';
import { loadWorkflow } from './workflows.repo.ts';

export type ChangeRequestStatusOptions = {
  /** The tenant holding the request (the competent administration). */
  holder: ResolvedTenant;
  requestId: string;
  to: string;
  actor: AuditActor;
  /** Shown to the citizen with the step when the status is visible to them. */
  note?: string | null;
};

export type ChangeRequestStatusResult = { ok: true; notified: string[] } | { ok: false; reason: 'not-found' | 'transition-refused' };

/**
 * Moves a request along its pinned workflow: only along a declared transition; recorded in the append-only timeline;
 * the citizen's view follows visible statuses only; a status marked "notify" notifies the citizen (T5). The agents'
 * back-office (issue 5) calls this; until then, tests and the demo do.
 */
export async function changeRequestStatus(services: Services, options: ChangeRequestStatusOptions): Promise<ChangeRequestStatusResult> {
  const now = services.clock.now();
  return withTenant(services.db, options.holder.id, async (trx) => {
    const request = await findRequest(trx, options.holder.id, options.requestId);
    if (!request) return { ok: false, reason: 'not-found' };
    const workflow = await loadWorkflow(trx, request.workflow_version_id);
    const target = statusOf(workflow, options.to);
    if (!target || !mayTransition(workflow, request.status, options.to)) return { ok: false, reason: 'transition-refused' };
    const changeId = await insertStatusChange(trx, {
      tenantId: options.holder.id,
      requestId: request.id,
      at: now,
      from: request.status,
      to: target.key,
      visibleToCitizen: target.visibleToCitizen,
      actorUserId: options.actor.userId,
      actorLabel: options.actor.label,
      note: options.note ?? null,
    });
    await updateRequestStatus(trx, request.id, {
      status: target.key,
      citizenStatus: target.visibleToCitizen ? target.key : request.citizen_status,
      updatedAt: target.visibleToCitizen ? now : null,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.holder.id,
      action: 'request.status.change',
      target: { type: 'request', id: request.id },
      details: { number: request.number, from: request.status, to: target.key },
      at: now,
    });
    const notified =
      target.visibleToCitizen && target.notify
        ? await notifyRequestEvent(trx, services, options.holder, request, { kind: 'status', label: target.citizenLabel, note: options.note ?? null, eventId: changeId })
        : [];
    return { ok: true, notified };
  });
}
