import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The open-data portal: datasets (one producer tenant each), their resources (one per file and structure version),
 * the rows loaded from them, followers, access requests to restricted data, usage counters per day, editorial
 * articles (news, tutorials, re-uses) and the vocabulary that typos are corrected against.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE od_dataset (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text NOT NULL,
      description text NOT NULL,
      theme text NOT NULL,
      keywords text[] NOT NULL DEFAULT '{}',
      temporal_start date,
      temporal_end date,
      spatial text NOT NULL DEFAULT '',
      frequency text NOT NULL,
      source text NOT NULL DEFAULT '',
      licence text NOT NULL CHECK (licence IN ('lov2', 'odbl', 'other')),
      licence_name text NOT NULL DEFAULT '',
      licence_url text NOT NULL DEFAULT '',
      access text NOT NULL CHECK (access IN ('open', 'account', 'restricted')),
      contact_email text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'unpublished')),
      formats text[] NOT NULL DEFAULT '{}',
      has_geometry boolean NOT NULL DEFAULT false,
      data_updated_at timestamptz,
      metadata_updated_at timestamptz NOT NULL,
      late_since timestamptz,
      unpublished_at timestamptz,
      unpublished_reason text,
      producer_name text NOT NULL DEFAULT '',
      search_terms text NOT NULL DEFAULT '',
      search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('fr_unaccent', title), 'A')
        || setweight(to_tsvector('fr_unaccent', search_terms), 'B')
        || setweight(to_tsvector('fr_unaccent', description), 'C')
      ) STORED,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX od_dataset_search ON od_dataset USING gin (search_vector) WITH (fastupdate = off)`.execute(db);
  await sql`CREATE INDEX od_dataset_tenant ON od_dataset (tenant_id, status)`.execute(db);
  await sql`CREATE INDEX od_dataset_published ON od_dataset (status, title)`.execute(db);

  await sql`
    CREATE TABLE od_resource (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      dataset_id uuid NOT NULL REFERENCES od_dataset(id) ON DELETE CASCADE,
      version integer NOT NULL CHECK (version > 0),
      format text NOT NULL CHECK (format IN ('csv', 'geojson')),
      source_url text,
      file_sha256 text,
      original_name text NOT NULL,
      media_type text NOT NULL,
      byte_size bigint NOT NULL DEFAULT 0,
      encoding text,
      delimiter text,
      columns jsonb NOT NULL DEFAULT '[]',
      time_column text,
      row_count integer NOT NULL DEFAULT 0,
      has_geometry boolean NOT NULL DEFAULT false,
      bbox float8[],
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'loading', 'ready', 'failed')),
      processed_bytes bigint NOT NULL DEFAULT 0,
      error text,
      available_from timestamptz NOT NULL,
      retire_at timestamptz,
      change_note text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      loaded_at timestamptz,
      UNIQUE (dataset_id, version)
    )`.execute(db);

  // Rows belong to their resource, which carries the tenant; they are read only through it (the public previews,
  // downloads and OGC API serve published data of every producer), so they repeat no tenant column.
  await sql`
    CREATE TABLE od_row (
      resource_id uuid NOT NULL REFERENCES od_resource(id) ON DELETE CASCADE,
      n integer NOT NULL,
      props jsonb NOT NULL,
      geom jsonb,
      minx float8, miny float8, maxx float8, maxy float8,
      dt timestamptz,
      PRIMARY KEY (resource_id, n)
    )`.execute(db);

  await sql`
    CREATE TABLE od_follower (
      dataset_id uuid NOT NULL REFERENCES od_dataset(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (dataset_id, user_id)
    )`.execute(db);

  await sql`
    CREATE TABLE od_access_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      dataset_id uuid NOT NULL REFERENCES od_dataset(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      family_name text NOT NULL,
      given_name text NOT NULL,
      email text NOT NULL,
      status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'granted', 'refused')),
      created_at timestamptz NOT NULL,
      decided_at timestamptz,
      UNIQUE (dataset_id, user_id)
    )`.execute(db);

  await sql`
    CREATE TABLE od_usage (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      dataset_id uuid NOT NULL REFERENCES od_dataset(id) ON DELETE CASCADE,
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('download', 'api')),
      count integer NOT NULL DEFAULT 0,
      PRIMARY KEY (dataset_id, day, kind)
    )`.execute(db);

  await sql`
    CREATE TABLE od_article (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      kind text NOT NULL CHECK (kind IN ('news', 'tutorial', 'reuse')),
      title text NOT NULL,
      body text NOT NULL,
      url text,
      dataset_id uuid REFERENCES od_dataset(id) ON DELETE SET NULL,
      published_at timestamptz NOT NULL
    )`.execute(db);

  await sql`CREATE TABLE od_search_word (word text PRIMARY KEY)`.execute(db);
  await sql`CREATE INDEX od_search_word_trgm ON od_search_word USING gin (word gin_trgm_ops) WITH (fastupdate = off)`.execute(
    db,
  );

  for (const table of ['od_dataset', 'od_resource', 'od_access_request', 'od_usage', 'od_article'])
    await enableTenantRowSecurity(db, table);
  for (const table of ['od_row', 'od_follower', 'od_search_word'])
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO communs_app`.execute(db);
}
