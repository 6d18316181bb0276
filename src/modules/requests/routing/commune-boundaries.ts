import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import type { Executor } from '../../../platform/db/tenant-scope.ts';
import type { PointAnswer } from '../../forms/index.ts';
import { boundariesAround, boundariesExtent, upsertBoundary } from './geography.repo.ts';

/**
 * Commune boundaries without PostGIS (DESIGN: geography): GeoJSON in jsonb with a bounding box in plain columns; the
 * database narrows candidates by box, turf decides point-in-polygon in JavaScript.
 */

const ZPosition = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ZRing = z.array(ZPosition).min(4);
const ZGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ZRing).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ZRing).min(1)).min(1) }),
]);

/** Property names found in the usual French files (Etalab "contours administratifs", IGN Admin Express, france-geojson). */
const CODE_KEYS = ['code', 'insee', 'code_insee', 'INSEE_COM', 'codgeo', 'CODGEO'];
const NAME_KEYS = ['nom', 'name', 'NOM_COM', 'NOM', 'libgeo', 'LIBGEO'];

const ZFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.record(z.string(), z.unknown()).nullable(),
      geometry: z.unknown(),
    }),
  ),
});

export class BoundaryImportError extends Error {}

export type ImportReport = { imported: number; skipped: Array<{ index: number; reason: string }> };

/**
 * Imports a GeoJSON FeatureCollection of communes (Polygon or MultiPolygon, WGS 84) into `commune_boundary`,
 * replacing the communes it contains. Features without an INSEE code or a usable geometry are reported, not imported.
 */
export async function importCommuneBoundaries(
  db: Executor,
  geojson: unknown,
  options: { source: string; at: Date },
): Promise<ImportReport> {
  const collection = ZFeatureCollection.safeParse(geojson);
  if (!collection.success)
    throw new BoundaryImportError('Le fichier doit être une FeatureCollection GeoJSON de communes.');
  const report: ImportReport = { imported: 0, skipped: [] };
  for (const [index, feature] of collection.data.features.entries()) {
    const properties = feature.properties ?? {};
    const code = CODE_KEYS.map((k) => properties[k]).find((v) => typeof v === 'string' || typeof v === 'number');
    const name = NAME_KEYS.map((k) => properties[k]).find((v) => typeof v === 'string');
    const inseeCode = code === undefined ? '' : String(code).padStart(5, '0');
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(inseeCode)) {
      report.skipped.push({ index, reason: 'code INSEE absent ou invalide' });
      continue;
    }
    const geometry = ZGeometry.safeParse(feature.geometry);
    if (!geometry.success) {
      report.skipped.push({ index, reason: 'géométrie absente, ou ni Polygon ni MultiPolygon en WGS 84' });
      continue;
    }
    const bbox = turfBbox(geometry.data as Polygon | MultiPolygon) as [number, number, number, number];
    await upsertBoundary(db, {
      inseeCode,
      name: typeof name === 'string' ? name : inseeCode,
      geometry: geometry.data,
      bbox,
      source: options.source,
      at: options.at,
    });
    report.imported += 1;
  }
  return report;
}

/** The commune whose boundary holds the point, if any boundary does. */
export async function communeAt(
  db: Executor,
  point: PointAnswer,
): Promise<{ inseeCode: string; name: string } | undefined> {
  const candidates = await boundariesAround(db, point.lon, point.lat);
  const found = candidates.find((c) =>
    booleanPointInPolygon([point.lon, point.lat], c.geometry as Polygon | MultiPolygon),
  );
  return found ? { inseeCode: found.insee_code, name: found.name } : undefined;
}

/**
 * How far (in degrees, about 5 km) around the known boundaries a point in none of them is still taken: while the
 * imported outlines do not cover every commune, a point between them is kept by the provider ("lieu-inconnu"), who
 * re-routes it; a point far from all of them (Paris for a Lyon report) is a mistake the citizen must correct.
 */
const SERVED_MARGIN = 0.05;

/**
 * Whether a point is in the served territory: near the known communes, anywhere when none is known. The box around
 * every boundary holds each commune, so no polygon is tested here: routing finds the commune once, afterwards.
 */
export async function isServedPoint(db: Executor, point: PointAnswer): Promise<boolean> {
  const extent = await boundariesExtent(db);
  if (!extent) return true;
  return (
    point.lon >= extent.minLon - SERVED_MARGIN &&
    point.lon <= extent.maxLon + SERVED_MARGIN &&
    point.lat >= extent.minLat - SERVED_MARGIN &&
    point.lat <= extent.maxLat + SERVED_MARGIN
  );
}
