import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The GIS extranet: the metropolis's themed layers and their features, and the address register the geocoder answers
 * from (Base Adresse Locale files of the communes, with their import reports). All of it is reference data of the
 * metropolis shared with the authorised agents of every subscribed commune, like the commune boundaries: no tenant
 * owns those rows and the routes decide who may read or write them. An import's report is the importing tenant's
 * (row-level secured).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE gis_layer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
      title text NOT NULL,
      theme text NOT NULL,
      description text NOT NULL DEFAULT '',
      legend text NOT NULL DEFAULT '',
      style jsonb NOT NULL,
      source_kind text NOT NULL CHECK (source_kind IN ('file', 'url', 'dataset')),
      source_format text NOT NULL CHECK (source_format IN ('geojson', 'csv')),
      source_ref text NOT NULL,
      refresh_minutes integer CHECK (refresh_minutes IS NULL OR refresh_minutes >= 15),
      last_update timestamptz,
      last_attempt timestamptz,
      last_error text,
      feature_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX gis_layer_theme ON gis_layer (theme, title)`.execute(db);

  await sql`
    CREATE TABLE gis_feature (
      layer_id uuid NOT NULL REFERENCES gis_layer(id) ON DELETE CASCADE,
      ordinal integer NOT NULL,
      properties jsonb NOT NULL,
      geometry jsonb NOT NULL,
      PRIMARY KEY (layer_id, ordinal)
    )`.execute(db);

  // One row per street (toponyme) of a commune: autocomplete searches these (a few per cent of the addresses), then
  // finds the number typed among the street's addresses.
  await sql`
    CREATE TABLE gis_street (
      id bigserial PRIMARY KEY,
      commune_insee text NOT NULL,
      commune_name text NOT NULL,
      postcode text,
      name text NOT NULL,
      folded text NOT NULL,
      search text NOT NULL,
      search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search)) STORED,
      lon double precision NOT NULL,
      lat double precision NOT NULL,
      UNIQUE (commune_insee, folded)
    )`.execute(db);
  await sql`CREATE INDEX gis_street_fts ON gis_street USING gin (search_vector) WITH (fastupdate = off)`.execute(db);
  await sql`CREATE INDEX gis_street_trgm ON gis_street USING gin (search gin_trgm_ops) WITH (fastupdate = off)`.execute(
    db,
  );

  await sql`
    CREATE TABLE gis_address (
      id bigserial PRIMARY KEY,
      street_id bigint NOT NULL REFERENCES gis_street(id) ON DELETE CASCADE,
      commune_insee text NOT NULL,
      cle_interop text NOT NULL UNIQUE,
      number integer NOT NULL,
      suffix text,
      locality text,
      lon double precision NOT NULL,
      lat double precision NOT NULL,
      position text,
      updated_on date,
      import_id uuid NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX gis_address_street ON gis_address (street_id, number)`.execute(db);
  await sql`CREATE INDEX gis_address_position ON gis_address (lat, lon)`.execute(db);
  await sql`CREATE INDEX gis_address_commune ON gis_address (commune_insee)`.execute(db);

  await sql`
    CREATE TABLE gis_bal_import (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      commune_insee text NOT NULL,
      commune_name text NOT NULL,
      file_name text NOT NULL,
      imported_at timestamptz NOT NULL,
      imported_by_label text NOT NULL,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      valid_rows integer NOT NULL,
      invalid_rows integer NOT NULL,
      report jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX gis_bal_import_tenant ON gis_bal_import (tenant_id, imported_at DESC)`.execute(db);
  await enableTenantRowSecurity(db, 'gis_bal_import');
}
