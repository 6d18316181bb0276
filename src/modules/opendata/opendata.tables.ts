import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type Licence = 'lov2' | 'odbl' | 'other';
export type DatasetAccess = 'open' | 'account' | 'restricted';
export type DatasetStatus = 'draft' | 'published' | 'unpublished';
export type ResourceFormat = 'csv' | 'geojson';
export type ResourceStatus = 'pending' | 'loading' | 'ready' | 'failed';

export interface OdDatasetTable {
  id: Generated<string>;
  /** The producer: the metropolis or a commune. */
  tenant_id: string;
  slug: string;
  title: string;
  description: string;
  theme: string;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  temporal_start: ColumnType<string | null, string | null | undefined, string | null>;
  temporal_end: ColumnType<string | null, string | null | undefined, string | null>;
  spatial: ColumnType<string, string | undefined, string>;
  /** udata's update frequency vocabulary (see frequencies.ts). */
  frequency: string;
  source: ColumnType<string, string | undefined, string>;
  licence: Licence;
  licence_name: ColumnType<string, string | undefined, string>;
  licence_url: ColumnType<string, string | undefined, string>;
  access: DatasetAccess;
  contact_email: string;
  status: ColumnType<DatasetStatus, DatasetStatus | undefined, DatasetStatus>;
  formats: ColumnType<string[], string[] | undefined, string[]>;
  has_geometry: ColumnType<boolean, boolean | undefined, boolean>;
  /** The last update of the data itself (a resource loaded), distinct from metadata edits. */
  data_updated_at: Timestamp | null;
  metadata_updated_at: Timestamp;
  late_since: Timestamp | null;
  unpublished_at: Timestamp | null;
  unpublished_reason: string | null;
  /** The producer's name, kept for the full-text vector. */
  producer_name: ColumnType<string, string | undefined, string>;
  /** Theme, producer and keywords (weight B of the full-text vector). */
  search_terms: ColumnType<string, string | undefined, string>;
  search_vector: ColumnType<string, never, never>;
  created_at: Timestamp;
}

export type ColumnInfo = { name: string; numeric: boolean };

export interface OdResourceTable {
  id: Generated<string>;
  tenant_id: string;
  dataset_id: string;
  version: number;
  format: ResourceFormat;
  source_url: string | null;
  file_sha256: string | null;
  original_name: string;
  media_type: string;
  byte_size: ColumnType<string, number | undefined, number>;
  encoding: string | null;
  delimiter: string | null;
  columns: ColumnType<ColumnInfo[], string | undefined, string>;
  time_column: string | null;
  row_count: ColumnType<number, number | undefined, number>;
  has_geometry: ColumnType<boolean, boolean | undefined, boolean>;
  bbox: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  status: ColumnType<ResourceStatus, ResourceStatus | undefined, ResourceStatus>;
  processed_bytes: ColumnType<string, number | undefined, number>;
  error: string | null;
  /** When this version becomes the one served first (a structure change is announced ahead). */
  available_from: Timestamp;
  /** When an older version stops being served, once a newer one has replaced it. */
  retire_at: Timestamp | null;
  change_note: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  loaded_at: Timestamp | null;
}

export interface OdRowTable {
  resource_id: string;
  n: number;
  props: Json<Record<string, unknown>>;
  geom: Json<unknown> | null;
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
  dt: Timestamp | null;
}

export interface OdFollowerTable {
  dataset_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface OdAccessRequestTable {
  id: Generated<string>;
  tenant_id: string;
  dataset_id: string;
  user_id: string;
  family_name: string;
  given_name: string;
  email: string;
  status: ColumnType<'requested' | 'granted' | 'refused', 'requested' | 'granted' | 'refused' | undefined>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface OdUsageTable {
  tenant_id: string;
  dataset_id: string;
  day: string;
  kind: 'download' | 'api';
  count: number;
}

export type ArticleKind = 'news' | 'tutorial' | 'reuse';

export interface OdArticleTable {
  id: Generated<string>;
  tenant_id: string;
  kind: ArticleKind;
  title: string;
  body: string;
  url: string | null;
  dataset_id: string | null;
  published_at: Timestamp;
}

export interface OdSearchWordTable {
  word: string;
}

export interface OpendataTables {
  od_dataset: OdDatasetTable;
  od_resource: OdResourceTable;
  od_row: OdRowTable;
  od_follower: OdFollowerTable;
  od_access_request: OdAccessRequestTable;
  od_usage: OdUsageTable;
  od_article: OdArticleTable;
  od_search_word: OdSearchWordTable;
}

export type DatasetRow = Selectable<OdDatasetTable>;
export type ResourceRow = Selectable<OdResourceTable>;
export type ArticleRow = Selectable<OdArticleTable>;
