import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listEServiceWorkflows } from '../catalogue/index.ts';
import { countRequestsByWorkflowVersion, webhookSecret } from '../requests/index.ts';
import { listWorkflowVersions } from '../workflows/index.ts';
import type { AgentAccess } from './backoffice-access.ts';
import type { CircuitSummary } from './views/circuits-pages.tsx';

/** The workflows this tenant may use (its own and the platform's), each with its requests and e-services. */
export async function listCircuits(services: Services, holder: ResolvedTenant): Promise<CircuitSummary[]> {
  const [versions, counts, eservices] = await withTenant(services.db, holder.id, (trx) =>
    Promise.all([listWorkflowVersions(trx), countRequestsByWorkflowVersion(trx), listEServiceWorkflows(trx)]),
  );
  return versions.map((v) => ({
    id: v.id,
    key: v.key,
    version: v.version,
    label: String((v.definition as { label?: unknown }).label ?? v.key),
    platform: v.tenant_id === null,
    publishedAt: v.published_at,
    requests: counts.get(v.id) ?? 0,
    eservices: eservices.filter((e) => e.workflow_version_id === v.id).map((e) => e.title),
  }));
}

/** The circuits page: the workflows, and for an administrator the secret that signs the tenant's webhooks. */
export async function loadCircuits(services: Services, access: AgentAccess) {
  const secret = access.roles.includes('admin')
    ? await withTenant(services.db, access.holder.id, (trx) => webhookSecret(trx, services.clock.now()))
    : null;
  return { circuits: await listCircuits(services, access.holder), webhookSecret: secret };
}
