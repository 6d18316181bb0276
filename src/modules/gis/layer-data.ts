import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import proj4 from 'proj4';

export type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };
export type Feature = { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> };
export type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

/** A source that could not be read as a layer, with the reason in French for the person who gave it. */
export class LayerDataError extends Error {}

/** More features than a viewer can draw and a table can page through usefully. */
export const MAX_FEATURES = 20_000;
const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

proj4.defs(
  'EPSG:2154',
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
);

/** Text of a file: UTF-8 when it is, otherwise Windows-1252 (what spreadsheets of French offices write). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return iconv.decode(bytes, 'win1252');
  }
}

/**
 * A GeoJSON document as a layer's features: a FeatureCollection, a Feature or a bare geometry, in WGS 84 (RFC 7946),
 * or in Lambert-93 when its `crs` names EPSG:2154 (older exports from French GIS software), reprojected here.
 */
export function parseGeoJson(text: string): FeatureCollection {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new LayerDataError('Le fichier n’est pas du JSON valide : ce n’est pas un GeoJSON.');
  }
  const root = doc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  const items: unknown[] =
    root?.type === 'FeatureCollection' && Array.isArray(root.features)
      ? root.features
      : root?.type === 'Feature'
        ? [root]
        : typeof root?.type === 'string' && GEOMETRY_TYPES.has(root.type)
          ? [{ type: 'Feature', geometry: root, properties: {} }]
          : [];
  if (items.length === 0) throw new LayerDataError('Le GeoJSON ne contient aucun objet géographique (features).');
  return checkedFeatures(items, /2154/.test(String(root.crs?.properties?.name ?? '')));
}

/**
 * Features as a layer stores them, whatever brought them (a file, an address, an open-data dataset): a recognised
 * geometry in WGS 84 (reprojected from Lambert-93 when `lambert`), properties as an object, at most MAX_FEATURES.
 */
export function checkedFeatures(items: unknown[], lambert = false): FeatureCollection {
  if (items.length > MAX_FEATURES)
    throw new LayerDataError(
      `La source contient ${items.length} objets ; une couche en compte ${MAX_FEATURES} au plus.`,
    );
  const features: Feature[] = [];
  items.forEach((item, index) => {
    const f = item as { geometry?: unknown; properties?: unknown };
    const geometry = f?.geometry as Geometry | undefined;
    if (!geometry || typeof geometry.type !== 'string' || !GEOMETRY_TYPES.has(geometry.type))
      throw new LayerDataError(`L’objet n° ${index + 1} n’a pas de géométrie reconnue.`);
    const properties =
      f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties)
        ? (f.properties as Record<string, unknown>)
        : {};
    features.push({ type: 'Feature', geometry: checkedGeometry(geometry, index, lambert), properties });
  });
  return { type: 'FeatureCollection', features };
}

function checkedGeometry(geometry: Geometry, index: number, lambert: boolean): Geometry {
  if (geometry.type === 'GeometryCollection')
    return {
      type: geometry.type,
      geometries: (geometry.geometries ?? []).map((g) => checkedGeometry(g, index, lambert)),
    };
  const walk = (c: unknown): unknown => {
    if (Array.isArray(c) && c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = lambert ? proj4('EPSG:2154', 'EPSG:4326', [c[0], c[1]]) : [c[0], c[1]];
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90)
        throw new LayerDataError(
          `L’objet n° ${index + 1} a des coordonnées hors de WGS 84 (longitude, latitude en degrés) : indiquez le système (crs EPSG:2154) ou convertissez le fichier.`,
        );
      return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
    }
    if (Array.isArray(c)) return c.map(walk);
    throw new LayerDataError(`L’objet n° ${index + 1} a des coordonnées illisibles.`);
  };
  return { type: geometry.type, coordinates: walk(geometry.coordinates) };
}

const LAT_COLUMNS = /^(lat|latitude|y_?wgs84|lat_wgs84)$/i;
const LON_COLUMNS = /^(lon|lng|long|longitude|x_?wgs84|lon_wgs84)$/i;

/**
 * A CSV of points: one line per point, its latitude and longitude in columns named lat/latitude and
 * lon/lng/long/longitude (decimal point or comma), every other column kept as an attribute. Separator `;` or `,`.
 */
export function parseCsvPoints(text: string): FeatureCollection {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, delimiter, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch {
    throw new LayerDataError('Le CSV ne peut pas être lu (guillemets ou colonnes mal formés).');
  }
  const columns = Object.keys(records[0] ?? {});
  const latColumn = columns.find((c) => LAT_COLUMNS.test(c));
  const lonColumn = columns.find((c) => LON_COLUMNS.test(c));
  if (!latColumn || !lonColumn)
    throw new LayerDataError(
      'Le CSV doit avoir une colonne « lat » (ou latitude) et une colonne « lon » (ou longitude).',
    );
  if (records.length > MAX_FEATURES)
    throw new LayerDataError(`Le CSV compte ${records.length} lignes ; une couche en compte ${MAX_FEATURES} au plus.`);
  const features: Feature[] = [];
  records.forEach((record, index) => {
    const lat = Number(String(record[latColumn]).replace(',', '.'));
    const lon = Number(String(record[lonColumn]).replace(',', '.'));
    if (
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180 ||
      record[latColumn] === ''
    )
      throw new LayerDataError(
        `Ligne ${index + 2} : latitude ou longitude illisible (« ${record[latColumn]} », « ${record[lonColumn]} »).`,
      );
    const { [latColumn]: _lat, [lonColumn]: _lon, ...properties } = record;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties });
  });
  if (features.length === 0) throw new LayerDataError('Le CSV ne contient aucune ligne.');
  return { type: 'FeatureCollection', features };
}

export function parseLayerData(bytes: Buffer, format: 'geojson' | 'csv'): FeatureCollection {
  const text = decodeText(bytes);
  return format === 'geojson' ? parseGeoJson(text) : parseCsvPoints(text);
}
