import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { GisLayerRow, LayerFormat, LayerSourceKind, LayerStyle } from './gis.tables.ts';
import type { Feature } from './layer-data.ts';

export type NewLayer = {
  slug: string;
  title: string;
  theme: string;
  description: string;
  legend: string;
  style: LayerStyle;
  sourceKind: LayerSourceKind;
  sourceFormat: LayerFormat;
  sourceRef: string;
  refreshMinutes: number | null;
  at: Date;
  byLabel: string;
};

export async function insertLayer(db: Executor, layer: NewLayer): Promise<GisLayerRow> {
  return db
    .insertInto('gis_layer')
    .values({
      slug: layer.slug,
      title: layer.title,
      theme: layer.theme,
      description: layer.description,
      legend: layer.legend,
      style: JSON.stringify(layer.style),
      source_kind: layer.sourceKind,
      source_format: layer.sourceFormat,
      source_ref: layer.sourceRef,
      refresh_minutes: layer.refreshMinutes,
      created_at: layer.at,
      created_by_label: layer.byLabel,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function slugTaken(db: Executor, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('gis_layer').select('id').where('slug', '=', slug).executeTakeFirst());
}

/** Every layer, by theme then title (the switcher's and the listing's order). */
export async function listLayers(db: Executor): Promise<GisLayerRow[]> {
  return db.selectFrom('gis_layer').selectAll().orderBy('theme').orderBy('title').execute();
}

export async function findLayer(db: Executor, slug: string): Promise<GisLayerRow | undefined> {
  return db.selectFrom('gis_layer').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Replaces a layer's features with a fresh read of its source, and records when. */
export async function replaceFeatures(db: Executor, layerId: string, features: Feature[], at: Date): Promise<void> {
  await db.deleteFrom('gis_feature').where('layer_id', '=', layerId).execute();
  for (let i = 0; i < features.length; i += 1000) {
    await db
      .insertInto('gis_feature')
      .values(
        features.slice(i, i + 1000).map((f, k) => ({
          layer_id: layerId,
          ordinal: i + k + 1,
          properties: JSON.stringify(f.properties),
          geometry: JSON.stringify(f.geometry),
        })),
      )
      .execute();
  }
  await db
    .updateTable('gis_layer')
    .set({ last_update: at, last_attempt: at, last_error: null, feature_count: features.length })
    .where('id', '=', layerId)
    .execute();
}

/** A failed refresh keeps the features already there and says why on the layer's page. */
export async function recordRefreshFailure(db: Executor, layerId: string, reason: string, at: Date): Promise<void> {
  await db.updateTable('gis_layer').set({ last_attempt: at, last_error: reason }).where('id', '=', layerId).execute();
}

export async function deleteLayer(db: Executor, layerId: string): Promise<void> {
  await db.deleteFrom('gis_layer').where('id', '=', layerId).execute();
}

export async function listFeatures(
  db: Executor,
  layerId: string,
  page: { offset: number; limit: number },
): Promise<Array<{ ordinal: number; properties: Record<string, unknown>; geometry: { type?: string } }>> {
  const rows = await db
    .selectFrom('gis_feature')
    .select(['ordinal', 'properties', 'geometry'])
    .where('layer_id', '=', layerId)
    .orderBy('ordinal')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows as Array<{ ordinal: number; properties: Record<string, unknown>; geometry: { type?: string } }>;
}

/** A layer as one GeoJSON FeatureCollection, built by the database (the map reads it whole). */
export async function layerGeoJson(db: Executor, layerId: string): Promise<string> {
  const row = await sql<{ doc: string }>`
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', ordinal, 'geometry', geometry, 'properties', properties) ORDER BY ordinal), '[]'::json))::text AS doc
    FROM gis_feature WHERE layer_id = ${layerId}`.execute(db);
  return row.rows[0]?.doc ?? '{"type":"FeatureCollection","features":[]}';
}

/** Layers read from an address or a dataset whose refresh interval has passed since their last attempt. */
export async function layersDueForRefresh(db: Executor, now: Date): Promise<GisLayerRow[]> {
  return db
    .selectFrom('gis_layer')
    .selectAll()
    .where('source_kind', 'in', ['url', 'dataset'])
    .where('refresh_minutes', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('last_attempt', 'is', null),
        eb(sql`last_attempt + make_interval(mins => refresh_minutes)`, '<=', now),
      ]),
    )
    .orderBy('last_attempt', (ob) => ob.asc().nullsFirst())
    .execute();
}
