import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { type WorkflowDefinition, ZWorkflowDefinition } from './workflow-definition.ts';
import type { WorkflowProblem } from './workflow-validator.ts';
import { insertTenantWorkflowVersion, nextWorkflowVersion } from './workflows.repo.ts';

export type PublishWorkflowOptions = { tenant: ResolvedTenant; actor: AuditActor; key: string; definition: unknown };

export type PublishWorkflowResult =
  | { ok: true; id: string; version: number; definition: WorkflowDefinition }
  | { ok: false; problems: WorkflowProblem[] };

/**
 * Publishes a tenant's workflow as a new, frozen version of its key (DESIGN invariant 4): the validator refuses
 * unknown or unreachable statuses, dead ends and incomplete actions, each named in French. Requests already made
 * keep the version they pinned; e-services move to a new version only when told (applyWorkflow).
 */
export async function publishWorkflow(
  services: Services,
  options: PublishWorkflowOptions,
): Promise<PublishWorkflowResult> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.key) || options.key.length > 60) {
    return {
      ok: false,
      problems: [
        { path: ['key'], message: 'Clé du circuit : lettres minuscules, chiffres et tirets, 60 caractères au plus.' },
      ],
    };
  }
  const parsed = ZWorkflowDefinition.safeParse(options.definition);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      })),
    };
  const at = services.clock.now();
  const { tenant } = options;
  return withTenant(services.db, tenant.id, async (trx) => {
    const version = await nextWorkflowVersion(trx, options.key);
    const id = await insertTenantWorkflowVersion(trx, {
      tenantId: tenant.id,
      key: options.key,
      version,
      definition: parsed.data,
      at,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: tenant.id,
      action: 'workflow.publish',
      target: { type: 'workflow_version', id },
      details: { key: options.key, version },
      at,
    });
    return { ok: true as const, id, version, definition: parsed.data };
  });
}
