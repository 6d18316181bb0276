import { z } from 'zod';
import { withTenant } from '../../../platform/db/tenant-scope.ts';
import { defineRecurringJob } from '../../../platform/jobs/job-definition.ts';
import type { Services } from '../../../platform/services.ts';
import { loadWorkflow, statusOf } from '../../workflows/index.ts';
import { findRequest } from '../requests.repo.ts';
import { moveRequest } from './move-request.ts';
import { NO_INPUT } from './step-input.ts';
import {
  closeTimer,
  findOpenTimer,
  insertRequestEvent,
  listDueTimers,
  lockRequest,
  postponeTimer,
} from './processing.repo.ts';

const BATCH = 200;

/**
 * Fires the timed jumps that came due ("after N days without change"), each in its holder's scope under
 * the request's lock. A timer whose request changed since it was scheduled is moved to its new due time; one whose
 * request left the status (or left and came back) is closed. Returns how many requests moved.
 */
export async function fireDueTimers(services: Services): Promise<number> {
  let moved = 0;
  for (;;) {
    const now = services.clock.now();
    const due = await listDueTimers(services.db, now, BATCH);
    for (const timer of due) {
      const holder = await services.tenants.byId(timer.tenant_id);
      if (!holder) continue;
      const workflowId = await withTenant(
        services.db,
        holder.id,
        async (trx) => (await findRequest(trx, timer.request_id))?.workflow_version_id,
      );
      const workflow = workflowId ? await loadWorkflow(services.db, workflowId) : undefined;
      moved += await withTenant(services.db, holder.id, async (trx) => {
        const open = await findOpenTimer(trx, timer.id);
        const request = await lockRequest(trx, timer.request_id);
        if (!open || !request) return 0;
        const target = workflow ? statusOf(workflow, open.to_status) : undefined;
        if (
          !workflow ||
          !target ||
          request.status !== open.from_status ||
          request.status_entered_at.getTime() !== open.status_entered_at.getTime()
        ) {
          await closeTimer(trx, open.id, now);
          return 0;
        }
        const dueAt = new Date(request.activity_at.getTime() + open.delay_minutes * 60_000);
        if (dueAt > now) {
          await postponeTimer(trx, open.id, dueAt);
          return 0;
        }
        const actor = {
          userId: null,
          label: `Plateforme (délai : ${open.label})`,
          ip: null,
          kind: 'system' as const,
          roles: [],
        };
        const result = await moveRequest({ trx, services, holder, workflow, actor, at: now }, request, target, {
          input: NO_INPUT,
          cause: `délai : ${open.label}`,
        });
        await insertRequestEvent(trx, {
          tenantId: holder.id,
          requestId: request.id,
          at: now,
          kind: 'timer',
          actorUserId: null,
          actorLabel: actor.label,
          statusChangeId: result.statusChangeId,
          summary: `Délai écoulé (${open.label}) : passage automatique au statut « ${target.label} »`,
          details: { timerId: open.id, delayMinutes: open.delay_minutes },
        });
        return 1;
      });
    }
    if (due.length < BATCH) return moved;
  }
}

/** Every minute: timed jumps are precise to the minute (w.c.s. checks every 20 minutes). */
export const timedJumpsJob = defineRecurringJob({
  name: 'workflow.timed-jumps',
  everyMinutes: 1,
  schema: z.object({ slot: z.string() }),
  async handler(_payload, { services }) {
    await fireDueTimers(services);
  },
});
