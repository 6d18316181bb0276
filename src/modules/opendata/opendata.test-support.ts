import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { setSubscription } from '../../platform/tenancy/tenancy.repo.ts';
import { addResource } from './add-resource.ts';
import { loadResource } from './load-resource.job.ts';
import { findDatasetById, findResource } from './opendata.repo.ts';
import type { DatasetRow, ResourceRow } from './opendata.tables.ts';
import { createDataset, type DatasetForm, datasetFormWith, setPublished } from './save-dataset.ts';

let counter = 0;

export function datasetForm(overrides: Partial<DatasetForm> = {}): DatasetForm {
  counter++;
  return datasetFormWith({
    title: `Jeu de test ${counter} ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Un jeu de données pour les tests du portail open data.',
    theme: 'Équipements',
    contactEmail: 'producteur@example.org',
    ...overrides,
  });
}

/** A commune subscribed (or not) to the open-data service. */
export async function subscribeToOpendata(services: Services, tenantId: string, on = true): Promise<void> {
  await setSubscription(services.db, {
    tenantId,
    service: 'opendata',
    offer: on ? 'subscribed' : 'none',
    since: null,
    at: services.clock.now(),
  });
  services.tenants.invalidate();
}

/** A published dataset of a producer, its file loaded (the job run at once). */
export async function buildDataset(
  services: Services,
  producer: { id: string; name: string },
  options: { form?: Partial<DatasetForm>; file?: { filename: string; bytes: Buffer }; publish?: boolean } = {},
): Promise<{ dataset: DatasetRow; resource: ResourceRow | undefined }> {
  const dataset = await createDataset(services, { producer, form: datasetForm(options.form), actor: SYSTEM_ACTOR });
  let resource: ResourceRow | undefined;
  if (options.file) {
    const added = await addResource(services, {
      dataset,
      source: { kind: 'upload', ...options.file },
      actor: SYSTEM_ACTOR,
    });
    if (!added.ok) throw new Error(added.error);
    await loadResource(services, added.resource.id);
    resource = await findResource(services.db, added.resource.id);
  }
  if (options.publish !== false) await setPublished(services, { dataset, published: true, actor: SYSTEM_ACTOR });
  return { dataset: (await findDatasetById(services.db, dataset.id))!, resource };
}

export const POINTS_CSV = Buffer.from(
  'nom;latitude;longitude;date_maj\nA;45.75;4.85;2026-01-15\nB;45.80;4.90;2026-06-01\nC;;;2026-03-01\n',
);
