import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { foldForSearch } from '../../platform/views/format.ts';
import {
  addSearchWords,
  findEServiceById,
  findEServiceOfTenant,
  insertInstance,
  setPublishedForm,
} from './catalogue.repo.ts';
import type { EServiceRow } from './catalogue.tables.ts';
import type { Office } from './eservice-settings.ts';
import { ZOffice } from './eservice-settings.ts';
import { forgetCachedEServices } from './resolve-eservice.ts';
import { forgetCachedThemes } from './search-eservices.ts';
import { formForInstance, instanceSettings, modelDefinitions, workflowForInstance } from './sync-turnkey-instances.ts';

export type InstantiateResult =
  | { ok: true; eservice: EServiceRow }
  | { ok: false; reason: 'not-a-model' | 'already' | 'slug-taken' | 'office'; message: string };

/**
 * An Abonné commune picks a turnkey model: the service becomes the commune's (on its instance, in its colours, its
 * requests held by the commune and handled by its agents, its acknowledgement naming the commune's office), with
 * the model's form and workflow frozen: no route edits it, and it follows what the metropolis publishes on the model.
 */
export async function instantiateTurnkey(
  services: Services,
  options: { commune: ResolvedTenant; actor: AuditActor; modelId: string; office: Office },
): Promise<InstantiateResult> {
  const { commune, actor } = options;
  const model = await findEServiceById(services.db, options.modelId);
  if (!model?.turnkey || model.status !== 'published')
    return { ok: false, reason: 'not-a-model', message: 'Cette démarche ne fait pas partie du catalogue clé-en-main.' };
  const office = ZOffice.safeParse(options.office);
  if (!office.success)
    return { ok: false, reason: 'office', message: office.error.issues.map((i) => i.message).join(' ; ') };
  const taken = await findEServiceOfTenant(services.db, commune.id, model.slug);
  if (taken)
    return taken.model_eservice_id === model.id
      ? { ok: false, reason: 'already', message: 'La commune propose déjà cette démarche.' }
      : {
          ok: false,
          reason: 'slug-taken',
          message: `La commune a déjà une démarche à l'adresse « ${model.slug} » : retirez-la d'abord.`,
        };
  const definitions = await modelDefinitions(services, model);
  const at = services.clock.now();
  const searchTerms = [...model.keywords, ...model.themes, commune.name].join(' ');
  await addSearchWords(
    services.db,
    [...new Set(foldForSearch([model.title, searchTerms].join(' ')).split(' '))].filter(
      (w) => w.length >= 3 && !/^\d+$/.test(w),
    ),
  );
  const eservice = await withTenant(services.db, commune.id, async (trx) => {
    const workflowVersionId = await workflowForInstance(trx, definitions, null, at);
    const created = await insertInstance(trx, {
      tenantId: commune.id,
      slug: model.slug,
      title: model.title,
      summary: model.summary,
      description: model.description,
      themes: model.themes,
      keywords: model.keywords,
      access: model.access,
      mutualised: false,
      settings: instanceSettings(model, office.data),
      workflowVersionId,
      searchTerms,
      at,
      modelId: model.id,
    });
    const form = await formForInstance(trx, created.id, definitions, null, at);
    await setPublishedForm(trx, created.id, form.id, at);
    await recordAudit(trx, {
      actor,
      tenantId: commune.id,
      action: 'eservice.turnkey.instantiate',
      target: { type: 'eservice', id: created.id },
      details: { model: model.id, slug: model.slug },
      at,
    });
    return { ...created, published_form_version_id: form.id, status: 'published' as const };
  });
  forgetCachedEServices();
  forgetCachedThemes(services);
  return { ok: true, eservice };
}
