import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { type TenantTransaction, withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findTask, listTasks, setTaskStatus } from './agreements.repo.ts';
import type { TaskStatus } from './agreements.tables.ts';
import { EXECUTED_TASKS, type TaskCode } from './transition-checklist.ts';

export type UpdateTransitionTaskResult = { ok: true } | { ok: false; error: string } | { ok: false; notFound: true };

/**
 * An operator records where a task of the checklist stands. A task that comes after another (decommissioning an
 * instance after the pending requests are finished, annexe Toodego §11) cannot be done before it.
 */
export async function updateTransitionTask(
  services: Services,
  options: { commune: ResolvedTenant; actor: AuditActor; taskId: string; status: TaskStatus },
): Promise<UpdateTransitionTaskResult> {
  const { commune, actor } = options;
  const now = services.clock.now();
  return withTenant(services.db, commune.id, async (trx): Promise<UpdateTransitionTaskResult> => {
    const task = await findTask(trx, options.taskId);
    if (!task) return { ok: false, notFound: true };
    if (EXECUTED_TASKS.has(task.code as TaskCode))
      return {
        ok: false,
        error: `« ${task.label} » s'exécute depuis la page « Sortie et changement d'offre » de la commune, qui la marque faite quand c'est fait.`,
      };
    if (options.status === 'done' && task.after_code) {
      const before = (await listTasks(trx)).find(
        (t) =>
          t.code === task.after_code &&
          t.service === task.service &&
          (t.amendment_id ?? t.notice_id) === (task.amendment_id ?? task.notice_id),
      );
      if (before && before.status === 'todo') return { ok: false, error: `D'abord : « ${before.label} ».` };
    }
    await setTaskStatus(trx, { id: task.id, status: options.status, at: now, byLabel: actor.label });
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'agreement.task.update',
      target: { type: 'transition_task', id: task.id },
      details: { code: task.code, service: task.service, from: task.status, to: options.status },
      at: now,
    });
    return { ok: true };
  });
}

/**
 * The platform carried out a task of the checklist (from the commune's exit page): every open task with this code
 * is marked done, in the caller's transaction, with the same audit as a manual update. Returns how many were.
 */
export async function completeExecutedTask(
  trx: TenantTransaction,
  options: { code: TaskCode; actor: AuditActor; at: Date },
): Promise<number> {
  const open = (await listTasks(trx)).filter((t) => t.code === options.code && t.status === 'todo');
  for (const task of open) {
    await setTaskStatus(trx, { id: task.id, status: 'done', at: options.at, byLabel: options.actor.label });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: trx.tenantId,
      action: 'agreement.task.update',
      target: { type: 'transition_task', id: task.id },
      details: { code: task.code, service: task.service, from: task.status, to: 'done', executed: true },
      at: options.at,
    });
  }
  return open.length;
}

/** The checklist's open tasks of a commune (its exit page shows them). */
export async function listOpenTransitionTasks(trx: TenantTransaction) {
  return (await listTasks(trx)).filter((t) => t.status === 'todo');
}
