import { isDeepStrictEqual } from 'node:util';
import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { type TenantTransaction, withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findFormVersion, insertPublishedFormVersion, nextFormVersion } from '../forms/index.ts';
import { findWorkflowVersion, insertTenantWorkflowVersion, nextWorkflowVersion } from '../workflows/index.ts';
import {
  findEServiceById,
  listInstancesOf,
  setEServiceWorkflow,
  setPublishedForm,
  updateInstanceEntry,
} from './catalogue.repo.ts';
import type { EServiceRow } from './catalogue.tables.ts';
import { parseSettings } from './eservice-settings.ts';
import { forgetCachedEServices } from './resolve-eservice.ts';

/** The model's published form and workflow, read outside any scope (the metropolis owns them). */
export async function modelDefinitions(services: Services, model: EServiceRow) {
  const form = model.published_form_version_id
    ? await findFormVersion(services.db, model.published_form_version_id)
    : undefined;
  const workflow = await findWorkflowVersion(services.db, model.workflow_version_id);
  if (!form || !workflow) throw new Error(`turnkey model ${model.id} has no published form or workflow`);
  return { form, workflow };
}

type ModelDefinitions = Awaited<ReturnType<typeof modelDefinitions>>;

/**
 * The workflow an instance follows: the platform's own circuit is shared by every tenant as is; a circuit of the
 * metropolis is copied into the commune's tenant (row-level security shows a tenant only its own and the
 * platform's), under the same key.
 */
export async function workflowForInstance(
  trx: TenantTransaction,
  model: ModelDefinitions,
  current: string | null,
  at: Date,
): Promise<string> {
  const { workflow } = model;
  if (workflow.tenant_id === null) return workflow.id;
  if (current) {
    const held = await findWorkflowVersion(trx, current);
    if (held && held.tenant_id === trx.tenantId && isDeepStrictEqual(held.definition, workflow.definition))
      return held.id;
  }
  return insertTenantWorkflowVersion(trx, {
    tenantId: trx.tenantId,
    key: workflow.key,
    version: await nextWorkflowVersion(trx, workflow.key),
    definition: workflow.definition,
    at,
  });
}

/** The form an instance publishes: a frozen copy of the model's, a new version only when it changed. */
export async function formForInstance(
  trx: TenantTransaction,
  instanceId: string,
  model: ModelDefinitions,
  current: string | null,
  at: Date,
): Promise<{ id: string; changed: boolean }> {
  if (current) {
    const held = await findFormVersion(trx, current);
    if (held && isDeepStrictEqual(held.definition, model.form.definition)) return { id: held.id, changed: false };
  }
  const version = await insertPublishedFormVersion(trx, {
    tenantId: trx.tenantId,
    eserviceId: instanceId,
    version: await nextFormVersion(trx, instanceId),
    definition: model.form.definition,
    at,
  });
  return { id: version.id, changed: true };
}

/** An instance's settings: the model's legal regime, the commune's own office, every request kept by the commune. */
export function instanceSettings(model: EServiceRow, office: unknown) {
  return { office, legal: parseSettings(model).legal, routing: { mode: 'owner' as const } };
}

/**
 * What the metropolis publishes on a model reaches every commune's instance: texts, legal regime, form and workflow
 * (new frozen copies in each commune's tenant). Requests already made keep the versions they pinned; drafts and new
 * requests take the new ones. Each instance is updated in its commune's scope and audited there.
 */
export async function syncTurnkeyInstances(services: Services, modelId: string): Promise<number> {
  const model = await findEServiceById(services.db, modelId);
  if (!model?.turnkey) return 0;
  const definitions = await modelDefinitions(services, model);
  const instances = await listInstancesOf(services.db, modelId);
  const at = services.clock.now();
  let updated = 0;
  for (const instance of instances) {
    const changed = await withTenant(services.db, instance.tenant_id, async (trx) => {
      const form = await formForInstance(trx, instance.id, definitions, instance.published_form_version_id, at);
      const workflowId = await workflowForInstance(trx, definitions, instance.workflow_version_id, at);
      const office = parseSettings(instance).office;
      await updateInstanceEntry(trx, instance.id, {
        title: model.title,
        summary: model.summary,
        description: model.description,
        themes: model.themes,
        keywords: model.keywords,
        access: model.access,
        settings: instanceSettings(model, office),
        searchTerms: instance.search_terms,
        at,
      });
      if (form.changed) await setPublishedForm(trx, instance.id, form.id, at);
      if (workflowId !== instance.workflow_version_id) await setEServiceWorkflow(trx, instance.id, workflowId, at);
      if (!form.changed && workflowId === instance.workflow_version_id) return false;
      await recordAudit(trx, {
        actor: { userId: null, label: 'Catalogue clé-en-main de la Métropole', ip: null },
        tenantId: instance.tenant_id,
        action: 'eservice.turnkey.follow',
        target: { type: 'eservice', id: instance.id },
        details: { model: model.id, form: form.changed, workflow: workflowId !== instance.workflow_version_id },
        at,
      });
      return true;
    });
    if (changed) updated++;
  }
  forgetCachedEServices();
  return updated;
}
