import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { completeExecutedTask } from '../agreements/index.ts';
import { detachTurnkeyInstances, takeEServicesOffline } from '../catalogue/index.ts';
import { listPendingRequests } from '../requests/index.ts';
import { insertArchive } from './archives.repo.ts';
import { buildArchiveJob } from './build-archive.job.ts';
import type { DataArchive } from './offboarding.tables.ts';

/** Asks for a new archive of the commune's data: the row the progress page follows, and the job that builds it. */
export async function startArchive(
  services: Services,
  options: { commune: ResolvedTenant; actor: AuditActor },
): Promise<DataArchive> {
  const at = services.clock.now();
  return withTenant(services.db, options.commune.id, async (trx) => {
    const archive = await insertArchive(trx, { requestedBy: options.actor.userId, label: options.actor.label, at });
    await services.jobs.enqueue(
      trx,
      buildArchiveJob,
      { tenantId: options.commune.id, archiveId: archive.id },
      { tenantId: options.commune.id },
    );
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.commune.id,
      action: 'offboarding.archive.request',
      target: { type: 'data_archive', id: archive.id },
      at,
    });
    return archive;
  });
}

export type DecommissionResult = { ok: true; closed: number } | { ok: false; pending: number };

/**
 * Takes the commune's e-services offline (its instance decommissioned, or an Abonné commune's services put
 * offline): refused while a request is still pending, since the commune must finish them first (annexe Toodego
 * §11). Checked and done in one transaction, so a request submitted meanwhile cannot slip through; the checklist's
 * tasks are marked done by the same act.
 */
export async function decommissionInstance(
  services: Services,
  options: { commune: ResolvedTenant; actor: AuditActor },
): Promise<DecommissionResult> {
  const at = services.clock.now();
  const { actor } = options;
  return withTenant(services.db, options.commune.id, async (trx): Promise<DecommissionResult> => {
    const pending = await listPendingRequests(trx);
    if (pending.length) return { ok: false, pending: pending.length };
    const closed = await takeEServicesOffline(trx, at);
    for (const code of ['finish_pending_requests', 'decommission_instance', 'eservices_offline'] as const)
      await completeExecutedTask(trx, { code, actor, at });
    await recordAudit(trx, {
      actor,
      tenantId: trx.tenantId,
      action: 'offboarding.decommission',
      target: { type: 'tenant', id: trx.tenantId },
      details: { eservicesClosed: closed },
      at,
    });
    return { ok: true, closed };
  });
}

/**
 * An Abonné commune becoming Partenaire keeps its services' definitions: its turnkey instances become its own
 * editable services (the metropolis transfers the services, not the data, annexe Toodego §11).
 */
export async function transferEServices(
  services: Services,
  options: { commune: ResolvedTenant; actor: AuditActor },
): Promise<{ transferred: number }> {
  const at = services.clock.now();
  return withTenant(services.db, options.commune.id, async (trx) => {
    const detached = await detachTurnkeyInstances(trx, { actor: options.actor, at });
    await completeExecutedTask(trx, { code: 'transfer_eservices', actor: options.actor, at });
    return { transferred: detached.length };
  });
}
