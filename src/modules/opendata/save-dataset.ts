import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { foldForSearch } from '../../platform/views/format.ts';
import { addSearchWords, findDatasetById, insertDataset, slugTaken, updateDataset } from './opendata.repo.ts';
import type { DatasetRow } from './opendata.tables.ts';
import { FREQUENCY_IDS, THEMES } from './vocabulary.ts';

const optionalDate = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s))
  .pipe(z.iso.date('Date attendue au format AAAA-MM-JJ').nullable());

/** The metadata a producer gives a dataset. */
export const ZDatasetForm = z
  .object({
    title: z
      .string()
      .trim()
      .min(3, 'Le titre fait au moins 3 caractères')
      .max(200, 'Le titre fait 200 caractères au plus'),
    description: z.string().trim().min(10, 'Décrivez le jeu de données (10 caractères au moins)').max(20_000),
    theme: z.enum(THEMES, 'Choisissez un thème de la liste'),
    keywords: z.string().trim().max(500).default(''),
    temporalStart: optionalDate.default(null),
    temporalEnd: optionalDate.default(null),
    spatial: z.string().trim().max(200).default(''),
    frequency: z.enum(FREQUENCY_IDS, 'Choisissez une fréquence de la liste'),
    source: z.string().trim().max(500).default(''),
    licence: z.enum(['lov2', 'odbl', 'other'], 'Choisissez une licence'),
    licenceName: z.string().trim().max(200).default(''),
    licenceUrl: z.string().trim().max(500).default(''),
    access: z.enum(['open', 'account', 'restricted'], "Choisissez les conditions d'accès"),
    contactEmail: z.email('Adresse électronique invalide').max(200),
  })
  .refine((v) => v.licence !== 'other' || v.licenceName.length >= 3, {
    path: ['licenceName'],
    message: 'Nommez la licence',
  })
  .refine((v) => !v.temporalStart || !v.temporalEnd || v.temporalStart <= v.temporalEnd, {
    path: ['temporalEnd'],
    message: 'La fin de la couverture temporelle précède son début',
  });

export type DatasetForm = z.infer<typeof ZDatasetForm>;

/** A dataset form with only what must be said filled in: the optional fields empty, open data under Licence Ouverte. */
export function datasetFormWith(
  fields: Partial<DatasetForm> & Pick<DatasetForm, 'title' | 'description' | 'theme' | 'contactEmail'>,
): DatasetForm {
  return {
    keywords: '',
    temporalStart: null,
    temporalEnd: null,
    spatial: '',
    frequency: 'annual',
    source: '',
    licence: 'lov2',
    licenceName: '',
    licenceUrl: '',
    access: 'open',
    ...fields,
  };
}

/** The tenant that produces a dataset (a commune's test instance publishes as its commune). */
export type Producer = { id: string; name: string };

function slugify(title: string): string {
  return (
    foldForSearch(title)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'jeu'
  );
}

function columnsOf(form: DatasetForm, producer: Producer) {
  const keywords = form.keywords
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .slice(0, 20);
  return {
    search_terms: [form.theme, producer.name, ...keywords].join(' '),
    title: form.title,
    description: form.description,
    theme: form.theme,
    keywords,
    temporal_start: form.temporalStart,
    temporal_end: form.temporalEnd,
    spatial: form.spatial,
    frequency: form.frequency,
    source: form.source,
    licence: form.licence,
    licence_name: form.licence === 'other' ? form.licenceName : '',
    licence_url: form.licence === 'other' ? form.licenceUrl : '',
    access: form.access,
    contact_email: form.contactEmail,
    producer_name: producer.name,
  };
}

async function rememberWords(services: Services, dataset: DatasetRow): Promise<void> {
  const text = [dataset.title, dataset.theme, dataset.producer_name, ...dataset.keywords].join(' ');
  await addSearchWords(services.db, foldForSearch(text).split(' '));
}

/** Creates a dataset (a draft) for its producer. */
export async function createDataset(
  services: Services,
  options: { producer: Producer; form: DatasetForm; actor: AuditActor },
): Promise<DatasetRow> {
  const now = services.clock.now();
  const base = slugify(options.form.title);
  let slug = base;
  for (let i = 2; await slugTaken(services.db, slug); i++) slug = `${base}-${i}`;
  const dataset = await services.db.transaction().execute(async (trx) => {
    const created = await insertDataset(trx, {
      tenant_id: options.producer.id,
      slug,
      ...columnsOf(options.form, options.producer),
      metadata_updated_at: now,
      created_at: now,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.producer.id,
      action: 'opendata.dataset-created',
      target: { type: 'od_dataset', id: created.id },
      details: { title: created.title },
      at: now,
    });
    return created;
  });
  await rememberWords(services, dataset);
  return dataset;
}

/** Changes a dataset's metadata (the date of its data does not move). */
export async function editDataset(
  services: Services,
  options: { dataset: DatasetRow; producer: Producer; form: DatasetForm; actor: AuditActor },
): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await updateDataset(trx, options.dataset.id, {
      ...columnsOf(options.form, options.producer),
      metadata_updated_at: now,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.dataset.tenant_id,
      action: 'opendata.dataset-edited',
      target: { type: 'od_dataset', id: options.dataset.id },
      at: now,
    });
  });
  const saved = await findDatasetById(services.db, options.dataset.id);
  if (saved) await rememberWords(services, saved);
}

/** Publishes or withdraws a dataset. */
export async function setPublished(
  services: Services,
  options: { dataset: DatasetRow; published: boolean; actor: AuditActor },
): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    await updateDataset(trx, options.dataset.id, {
      status: options.published ? 'published' : 'unpublished',
      unpublished_at: options.published ? null : now,
      unpublished_reason: options.published ? null : 'Retiré par le producteur',
      // A republished dataset starts its clock again from now if its data is older than its commitment allows.
      late_since: null,
    });
    await recordAudit(trx, {
      actor: options.actor,
      tenantId: options.dataset.tenant_id,
      action: options.published ? 'opendata.dataset-published' : 'opendata.dataset-unpublished',
      target: { type: 'od_dataset', id: options.dataset.id },
      at: now,
    });
  });
}
