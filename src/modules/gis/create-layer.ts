import { fileTypeFromBuffer } from 'file-type';
import { type AuditActor, recordAudit } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { foldForSearch } from '../../platform/views/format.ts';
import type { GisLayerRow, LayerFormat, LayerStyle } from './gis.tables.ts';
import { LayerDataError, parseLayerData, type FeatureCollection } from './layer-data.ts';
import { loadLayerSource, MAX_LAYER_BYTES } from './layer-sources.ts';
import { insertLayer, replaceFeatures, slugTaken } from './layers.repo.ts';

export type LayerDefinition = {
  title: string;
  theme: string;
  description: string;
  legend: string;
  style: LayerStyle;
  format: LayerFormat;
  refreshMinutes: number | null;
};

export type LayerSourceInput =
  | { kind: 'file'; fileName: string; bytes: Buffer }
  | { kind: 'url'; url: string }
  | { kind: 'dataset'; datasetId: string };

export type CreateLayerResult = { ok: true; layer: GisLayerRow } | { ok: false; field: string; message: string };

/**
 * Adds a layer: its source is read at once (a layer that cannot be read is not created, and the form says why), then
 * the layer and its features are stored and the change audited, in one transaction.
 */
export async function createLayer(
  services: Services,
  input: { definition: LayerDefinition; source: LayerSourceInput; actor: AuditActor; tenantId: string },
): Promise<CreateLayerResult> {
  const { definition, source } = input;
  let data: FeatureCollection;
  try {
    data = await readSource(services, definition.format, source);
  } catch (error) {
    if (error instanceof LayerDataError)
      return {
        ok: false,
        field: source.kind === 'file' ? 'fichier' : source.kind === 'url' ? 'url' : 'jeu',
        message: error.message,
      };
    throw error;
  }
  const at = services.clock.now();
  const layer = await services.db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, definition.title);
    const created = await insertLayer(trx, {
      slug,
      title: definition.title,
      theme: definition.theme,
      description: definition.description,
      legend: definition.legend,
      style: definition.style,
      sourceKind: source.kind,
      sourceFormat: definition.format,
      sourceRef: source.kind === 'file' ? source.fileName : source.kind === 'url' ? source.url : source.datasetId,
      refreshMinutes: source.kind === 'file' ? null : definition.refreshMinutes,
      at,
      byLabel: input.actor.label,
    });
    await replaceFeatures(trx, created.id, data.features, at);
    await recordAudit(trx, {
      actor: input.actor,
      tenantId: input.tenantId,
      action: 'gis.layer.create',
      target: { type: 'gis_layer', id: created.id },
      details: { slug, title: definition.title, source: source.kind, features: data.features.length },
      at,
    });
    return { ...created, feature_count: data.features.length, last_update: at };
  });
  return { ok: true, layer };
}

async function readSource(
  services: Services,
  format: LayerFormat,
  source: LayerSourceInput,
): Promise<FeatureCollection> {
  if (source.kind !== 'file')
    return loadLayerSource(services, {
      source_kind: source.kind,
      source_ref: source.kind === 'url' ? source.url : source.datasetId,
      source_format: format,
    });
  if (source.bytes.byteLength > MAX_LAYER_BYTES) throw new LayerDataError('Le fichier dépasse 5 Mo.');
  // A GeoJSON or CSV file is text: anything file-type recognises (an image, a zip, a spreadsheet) is not one.
  const detected = await fileTypeFromBuffer(source.bytes);
  if (detected || source.bytes.includes(0))
    throw new LayerDataError(
      `Le fichier est de type ${detected?.ext ?? 'binaire'} : envoyez un GeoJSON ou un CSV (texte).`,
    );
  return parseLayerData(source.bytes, format);
}

async function freeSlug(db: Parameters<typeof slugTaken>[0], title: string): Promise<string> {
  const base = foldForSearch(title).replace(/ /g, '-').slice(0, 60) || 'couche';
  let slug = base;
  for (let n = 2; await slugTaken(db, slug); n += 1) slug = `${base}-${n}`;
  return slug;
}
