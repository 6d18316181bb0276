import { guardedFetch, OutgoingCallRefused } from '../../platform/outgoing/guarded-fetch.ts';
import type { Services } from '../../platform/services.ts';
import { readDatasetLayer } from './dataset-source.ts';
import type { GisLayerRow, LayerFormat, LayerSourceKind } from './gis.tables.ts';
import { type FeatureCollection, LayerDataError, parseLayerData } from './layer-data.ts';

/** Largest document a layer is read from (a file or an address). */
export const MAX_LAYER_BYTES = 5 * 1024 * 1024;

/**
 * How each kind of source is read again when the layer is refreshed. A file has nothing to read again: it is
 * replaced by uploading a new one.
 */
const LOADERS: Record<
  LayerSourceKind,
  ((services: Services, layer: Pick<GisLayerRow, 'source_ref' | 'source_format'>) => Promise<FeatureCollection>) | null
> = {
  file: null,
  url: (services, layer) => loadUrl(services, layer.source_ref, layer.source_format),
  dataset: (services, layer) => readDatasetLayer(services, layer.source_ref),
};

export function isRefreshable(kind: LayerSourceKind): boolean {
  return LOADERS[kind] !== null;
}

export async function loadLayerSource(
  services: Services,
  layer: Pick<GisLayerRow, 'source_kind' | 'source_ref' | 'source_format'>,
): Promise<FeatureCollection> {
  const loader = LOADERS[layer.source_kind];
  if (!loader)
    throw new LayerDataError('Une couche importée d’un fichier se met à jour en envoyant un nouveau fichier.');
  return loader(services, layer);
}

/**
 * A GeoJSON or CSV document at an address, fetched on the metropolis's behalf through the guarded client (never an
 * internal address), size-capped. The failure is described without repeating the network's words.
 */
export async function loadUrl(services: Services, url: string, format: LayerFormat): Promise<FeatureCollection> {
  let response: Response;
  try {
    response = await guardedFetch(services.config.outgoingAllowedAddresses)(url, {
      headers: { accept: format === 'geojson' ? 'application/geo+json, application/json' : 'text/csv' },
      signal: AbortSignal.timeout(20_000),
    });
  } catch (error) {
    if (error instanceof OutgoingCallRefused)
      throw new LayerDataError('Cette adresse est refusée : elle mène au réseau interne.');
    throw new LayerDataError('L’adresse n’a pas répondu (serveur injoignable ou trop lent).');
  }
  if (!response.ok) throw new LayerDataError(`L’adresse a répondu par une erreur (HTTP ${response.status}).`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_LAYER_BYTES) throw new LayerDataError('Le document dépasse 5 Mo.');
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.byteLength > MAX_LAYER_BYTES) throw new LayerDataError('Le document dépasse 5 Mo.');
  return parseLayerData(bytes, format);
}
