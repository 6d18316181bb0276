import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listEServiceWorkflows } from '../catalogue/index.ts';
import { loadWorkflow } from '../workflows/index.ts';
import { listCircuits } from './load-circuits.ts';

/** One workflow this tenant may use, by its id; none when it has no such circuit. */
export async function findCircuit(services: Services, holder: ResolvedTenant, id: string) {
  return (await listCircuits(services, holder)).find((c) => c.id === id);
}

/** A circuit's page: its definition, and the e-services that could be moved to it. */
export async function loadCircuit(services: Services, holder: ResolvedTenant, id: string) {
  const circuit = await findCircuit(services, holder, id);
  if (!circuit) return undefined;
  const definition = await loadWorkflow(services.db, circuit.id);
  const eservices = await withTenant(services.db, holder.id, (trx) => listEServiceWorkflows(trx));
  return {
    circuit,
    definition,
    eservices: eservices
      .filter((e) => e.workflow_version_id !== circuit.id)
      .map((e) => ({ value: e.id, label: e.title })),
  };
}
