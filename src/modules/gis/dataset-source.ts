import type { Services } from '../../platform/services.ts';
import { type GeographicDataset, listGeographicDatasets, readDatasetFeatures } from '../opendata/index.ts';
import { checkedFeatures, type FeatureCollection, LayerDataError } from './layer-data.ts';

/**
 * A dataset that has become unreadable for the map (unpublished, restricted since, deleted): unlike a server that did
 * not answer, its features must leave the map, as the portal no longer shows them to these agents.
 */
export class DatasetWithdrawn extends LayerDataError {}

/**
 * The geographic datasets of the open-data portal an administrator of the metropolis may make a layer of. A layer is
 * shown to every agent with the map, so its data must be readable by all of them: open datasets, datasets for account
 * holders (every agent has one), and restricted datasets only when the metropolis itself produces them (it then
 * decides who sees its own data); a commune's restricted dataset is never offered.
 */
export async function listDatasetChoices(services: Services): Promise<Array<{ id: string; title: string }>> {
  return (await layerableDatasets(services)).map((d) => ({ id: d.id, title: d.title }));
}

/** The titles of the datasets layers may be read from, by id (to name a layer's source). */
export async function datasetTitles(services: Services): Promise<Map<string, string>> {
  return new Map((await listDatasetChoices(services)).map((d) => [d.id, d.title]));
}

/** A dataset's current features as a layer's, checked as any other source's; refused once it may no longer be one. */
export async function readDatasetLayer(services: Services, datasetId: string): Promise<FeatureCollection> {
  const dataset = (await layerableDatasets(services)).find((d) => d.id === datasetId);
  const data = dataset ? await readDatasetFeatures(services, dataset.id) : undefined;
  if (!dataset || !data)
    throw new DatasetWithdrawn(
      'Ce jeu de données n’est plus publié sur le portail open data, ou son accès est désormais restreint : la couche est vidée.',
    );
  if (data.features.length === 0)
    throw new LayerDataError(
      `Le jeu de données « ${dataset.title} » n’a pas encore de données géographiques chargées.`,
    );
  return checkedFeatures(data.features);
}

async function layerableDatasets(services: Services): Promise<GeographicDataset[]> {
  const metropolis = (await services.tenants.metropole()).production.id;
  return (await listGeographicDatasets(services)).filter(
    (d) => d.access !== 'restricted' || d.producerTenantId === metropolis,
  );
}
