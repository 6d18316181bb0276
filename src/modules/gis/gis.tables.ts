import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type LayerSourceKind = 'file' | 'url' | 'dataset';
export type LayerFormat = 'geojson' | 'csv';
/** How a layer is drawn: one colour for lines, outlines and points, a fill for areas, a point radius. */
export type LayerStyle = { color: string; fill: string; width: number; radius: number };

export interface GisLayerTable {
  id: Generated<string>;
  slug: string;
  title: string;
  theme: string;
  description: Generated<string>;
  legend: Generated<string>;
  style: Json<LayerStyle>;
  source_kind: LayerSourceKind;
  source_format: LayerFormat;
  /** The file's name, the URL, or the open-data dataset's id. */
  source_ref: string;
  refresh_minutes: number | null;
  last_update: Timestamp | null;
  last_attempt: Timestamp | null;
  last_error: string | null;
  feature_count: Generated<number>;
  created_at: Timestamp;
  created_by_label: string;
}

export interface GisFeatureTable {
  layer_id: string;
  ordinal: number;
  properties: Json<Record<string, unknown>>;
  geometry: Json<unknown>;
}

export interface GisStreetTable {
  id: Generated<string>;
  commune_insee: string;
  commune_name: string;
  postcode: string | null;
  name: string;
  folded: string;
  search: string;
  search_vector: Generated<string>;
  lon: number;
  lat: number;
}

export interface GisAddressTable {
  id: Generated<string>;
  street_id: string;
  commune_insee: string;
  cle_interop: string;
  number: number;
  suffix: string | null;
  locality: string | null;
  lon: number;
  lat: number;
  position: string | null;
  updated_on: ColumnType<string | null, string | null, string | null>;
  import_id: string;
}

/** One refused line of a BAL file: its number in the file and the validator's messages. */
export type BalLineError = { line: number; key: string; messages: string[] };
export type BalReport = { fileErrors: string[]; warnings: string[]; lines: BalLineError[]; truncated: boolean };

export interface GisBalImportTable {
  id: Generated<string>;
  commune_insee: string;
  commune_name: string;
  file_name: string;
  imported_at: Timestamp;
  imported_by_label: string;
  tenant_id: string;
  valid_rows: number;
  invalid_rows: number;
  report: Json<BalReport>;
}

export interface GisTables {
  gis_layer: GisLayerTable;
  gis_feature: GisFeatureTable;
  gis_street: GisStreetTable;
  gis_address: GisAddressTable;
  gis_bal_import: GisBalImportTable;
}

export type GisLayerRow = Selectable<GisLayerTable>;
export type GisBalImportRow = Selectable<GisBalImportTable>;
