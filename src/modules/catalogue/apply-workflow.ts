import { isUuid } from '../../platform/db/uuid.ts';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findEServiceById, setEServiceWorkflow } from './catalogue.repo.ts';
import { findWorkflowVersion } from '../workflows/index.ts';
import { isTurnkeyInstance } from './publish-eservice.ts';
import { syncTurnkeyInstances } from './sync-turnkey-instances.ts';

export type ApplyWorkflowOptions = {
  tenant: ResolvedTenant;
  actor: AuditActor;
  eserviceId: string;
  workflowVersionId: string;
};

/**
 * Makes one of the tenant's e-services follow a workflow version (the tenant's own or the platform's). Only new
 * requests follow it: each request keeps the version it pinned when it was submitted.
 */
export async function applyWorkflow(
  services: Services,
  options: ApplyWorkflowOptions,
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'turnkey' }> {
  const { tenant } = options;
  const at = services.clock.now();
  const result = await withTenant(services.db, tenant.id, async (trx) => {
    const eservice = await findEServiceById(trx, options.eserviceId);
    const version = isUuid(options.workflowVersionId)
      ? await findWorkflowVersion(trx, options.workflowVersionId)
      : undefined;
    if (
      !eservice ||
      eservice.tenant_id !== tenant.id ||
      !version?.published_at ||
      (version.tenant_id !== null && version.tenant_id !== tenant.id)
    )
      return { ok: false as const, reason: 'not-found' as const };
    if (isTurnkeyInstance(eservice)) return { ok: false as const, reason: 'turnkey' as const };
    await setEServiceWorkflow(trx, eservice.id, version.id, at);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: tenant.id,
      action: 'eservice.workflow',
      target: { type: 'eservice', id: eservice.id },
      details: { slug: eservice.slug, workflow: version.key, version: version.version },
      at,
    });
    return { ok: true as const, turnkey: eservice.turnkey };
  });
  if (!result.ok) return result;
  // A model's new circuit reaches every commune's instance (their requests keep the version they pinned).
  if (result.turnkey) await syncTurnkeyInstances(services, options.eserviceId);
  return { ok: true };
}
