import type { Services } from '../../platform/services.ts';
import { type FeatureCollection, LayerDataError } from './layer-data.ts';

/**
 * THE WIRING POINT for layers read from the open-data portal. The opendata module is built alongside this one and
 * will export `listGeographicDatasets(services)` and `readDatasetFeatures(services, datasetId)`; until these two
 * functions call them, no dataset can be chosen and a 'dataset' layer cannot load (it says so on its page).
 */
export async function listDatasetChoices(_services: Services): Promise<Array<{ id: string; title: string }>> {
  return [];
}

export async function readDatasetLayer(_services: Services, datasetId: string): Promise<FeatureCollection> {
  throw new LayerDataError(
    `Le jeu de données ${datasetId} ne peut pas encore être lu : le portail open data n’est pas relié.`,
  );
}
