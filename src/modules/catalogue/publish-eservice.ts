import { isDeepStrictEqual } from 'node:util';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { foldForSearch } from '../../platform/views/format.ts';
import {
  type FormDefinitionInput,
  insertPublishedFormVersion,
  loadFormVersion,
  nextFormVersion,
  ZFormDefinition,
} from '../forms/index.ts';
import {
  DEFAULT_WORKFLOW,
  DEFAULT_WORKFLOW_KEY,
  DEFAULT_WORKFLOW_VERSION,
  ensurePlatformWorkflow,
} from '../workflows/index.ts';
import { addSearchWords, findEServiceOfTenant, setPublishedForm, upsertEService } from './catalogue.repo.ts';
import { syncTurnkeyInstances } from './sync-turnkey-instances.ts';
import type { EServiceAccess, EServiceRow } from './catalogue.tables.ts';
import { type EServiceSettingsInput, ZEServiceSettings } from './eservice-settings.ts';
import { forgetCachedEServices } from './resolve-eservice.ts';
import { forgetCachedThemes } from './search-eservices.ts';

export type PublishEServiceOptions = {
  provider: ResolvedTenant;
  actor: AuditActor;
  slug: string;
  title: string;
  summary: string;
  description: string;
  themes: string[];
  keywords: string[];
  access: EServiceAccess;
  mutualised?: boolean;
  settings: EServiceSettingsInput;
  form: FormDefinitionInput;
  /** A published workflow version the provider may use (its own or the platform's); the default circuit otherwise. */
  workflowVersionId?: string;
};

export class InvalidEServiceError extends Error {}

/** Why a turnkey instance refuses every edit: its form and workflow are the metropolis's model's. */
export const TURNKEY_LOCKED_MESSAGE =
  "Cette démarche clé-en-main suit le modèle de la Métropole : son formulaire et son circuit ne se modifient pas. Les mises à jour de la Métropole s'y appliquent d'elles-mêmes.";

/** An e-service a commune holds as an instance of a turnkey model: no builder, no circuit change may touch it. */
export const isTurnkeyInstance = (eservice: Pick<EServiceRow, 'model_eservice_id'>): boolean =>
  eservice.model_eservice_id !== null;

/** Throws the French refusal when an edit targets a turnkey instance (every edit route calls it). */
export function assertEditable(eservice: Pick<EServiceRow, 'model_eservice_id'>): void {
  if (isTurnkeyInstance(eservice)) throw new InvalidEServiceError(TURNKEY_LOCKED_MESSAGE);
}

/**
 * Publishes an e-service: its catalogue entry and a new, frozen form version (or none when the form is unchanged).
 * Requests already made keep the version they pinned. The builder and the demo call this.
 */
export async function publishEService(
  services: Services,
  options: PublishEServiceOptions,
): Promise<{ eservice: EServiceRow; formVersionId: string; newVersion: boolean }> {
  const form = ZFormDefinition.safeParse(options.form);
  if (!form.success)
    throw new InvalidEServiceError(
      `Formulaire invalide : ${form.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}`,
    );
  const settings = ZEServiceSettings.safeParse(options.settings);
  if (!settings.success)
    throw new InvalidEServiceError(
      `Paramètres invalides : ${settings.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}`,
    );
  const routing = settings.data.routing;
  if (routing.mode === 'territorial') {
    const byKey = new Map(form.data.fields.map((f) => [f.key, f]));
    const location = byKey.get(routing.locationField);
    const category = byKey.get(routing.categoryField);
    if (!location || (location.type !== 'mapPoint' && location.type !== 'address'))
      throw new InvalidEServiceError('Le champ de lieu doit être un point sur la carte ou une adresse');
    if (!category || category.type !== 'choice')
      throw new InvalidEServiceError('Le champ de catégorie doit être un choix unique');
    if (!options.mutualised) throw new InvalidEServiceError('Seul un service mutualisé est orienté selon le lieu');
  }

  const { provider } = options;
  const existing = await findEServiceOfTenant(services.db, provider.id, options.slug);
  if (existing) assertEditable(existing);

  const now = services.clock.now();
  const workflowVersionId =
    options.workflowVersionId ??
    (await ensurePlatformWorkflow(services.db, DEFAULT_WORKFLOW_KEY, DEFAULT_WORKFLOW_VERSION, DEFAULT_WORKFLOW, now));
  // A mutualised service serves every commune: its search terms carry their names ("ecully" finds it).
  const communeNames = options.mutualised
    ? (await services.tenants.all()).filter((t) => t.kind === 'commune' && !t.isTestInstance).map((t) => t.name)
    : [];
  const searchTerms = [...options.keywords, ...options.themes, provider.name, ...communeNames].join(' ');
  const vocabulary = [
    ...new Set(
      foldForSearch(
        [options.title, ...options.keywords, ...options.themes, provider.name, ...communeNames].join(' '),
      ).split(' '),
    ),
  ].filter((w) => w.length >= 3 && !/^\d+$/.test(w));
  await addSearchWords(services.db, vocabulary);

  const published = await withTenant(services.db, provider.id, async (trx) => {
    const eservice = await upsertEService(trx, {
      tenantId: provider.id,
      slug: options.slug,
      title: options.title,
      summary: options.summary,
      description: options.description,
      themes: options.themes,
      keywords: options.keywords,
      access: options.access,
      mutualised: options.mutualised ?? false,
      settings: settings.data,
      workflowVersionId,
      searchTerms,
      at: now,
    });
    if (eservice.published_form_version_id) {
      const current = await loadFormVersion(trx, eservice.published_form_version_id);
      if (isDeepStrictEqual(current.definition, form.data))
        return { eservice, formVersionId: current.id, newVersion: false };
    }
    const version = await insertPublishedFormVersion(trx, {
      tenantId: provider.id,
      eserviceId: eservice.id,
      version: await nextFormVersion(trx, eservice.id),
      definition: form.data,
      at: now,
    });
    await setPublishedForm(trx, eservice.id, version.id, now);
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: provider.id,
      action: 'eservice.publish',
      target: { type: 'eservice', id: eservice.id },
      details: { slug: options.slug, formVersion: version.version },
      at: now,
    });
    return {
      eservice: { ...eservice, published_form_version_id: version.id, status: 'published' as const },
      formVersionId: version.id,
      newVersion: true,
    };
  });
  forgetCachedEServices();
  forgetCachedThemes(services);
  // What the metropolis publishes on a model (texts, form) reaches every commune's instance.
  if (published.eservice.turnkey) await syncTurnkeyInstances(services, published.eservice.id);
  return published;
}
