import type { Services } from '../../platform/services.ts';
import { currentResources, findDatasetById, listPublishedDatasets } from './opendata.repo.ts';
import type { DatasetAccess } from './opendata.tables.ts';
import { allRows } from './rows.repo.ts';

export type GeographicDataset = {
  id: string;
  title: string;
  producerTenantId: string;
  /** Who may read the data: the layer built on it must not show it more widely. */
  access: DatasetAccess;
  dataUpdatedAt: Date | null;
};

/** Published datasets whose data has geographic features (for the GIS module's layers). */
export async function listGeographicDatasets(services: Services): Promise<GeographicDataset[]> {
  return (await listPublishedDatasets(services.db))
    .filter((d) => d.has_geometry)
    .map((d) => ({
      id: d.id,
      title: d.title,
      producerTenantId: d.tenant_id,
      access: d.access,
      dataUpdatedAt: d.data_updated_at,
    }));
}

export type FeatureCollection = {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id: number; geometry: unknown; properties: Record<string, unknown> }>;
};

/** A published dataset's current version as a GeoJSON FeatureCollection (features without geometry left out). */
export async function readDatasetFeatures(
  services: Services,
  datasetId: string,
): Promise<FeatureCollection | undefined> {
  const dataset = await findDatasetById(services.db, datasetId);
  if (!dataset || dataset.status !== 'published') return undefined;
  const resource = (await currentResources(services.db, [dataset.id], services.clock.now())).get(dataset.id);
  if (!resource) return { type: 'FeatureCollection', features: [] };
  const features: FeatureCollection['features'] = [];
  for await (const batch of allRows(services.db, resource.id))
    for (const row of batch)
      if (row.geom) features.push({ type: 'Feature', id: row.n, geometry: row.geom, properties: row.props });
  return { type: 'FeatureCollection', features };
}
