import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { retryFailedJob } from '../../platform/jobs/jobs.repo.ts';
import type { Services } from '../../platform/services.ts';

/** An operator runs a failed job again, audited. False when no job of that number has failed. */
export async function retryJob(services: Services, options: { id: string; actor: AuditActor }): Promise<boolean> {
  const now = services.clock.now();
  return services.db.transaction().execute(async (trx) => {
    const retried = await retryFailedJob(trx, { id: options.id, now });
    if (retried) {
      await recordAudit(trx, {
        actor: options.actor,
        tenantId: null,
        action: 'job.retry',
        target: { type: 'job', id: options.id },
        at: now,
      });
    }
    return retried;
  });
}
