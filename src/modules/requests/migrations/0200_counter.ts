import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The Toodego counter, citizen side: the e-service catalogue, versioned form and workflow definitions,
 * drafts, requests with their status timeline, messages and attachments, and the reference geography routing reads
 * (commune boundaries, contacts of communes that do not use the platform).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Published definitions are frozen: a request pins the version it was made with (DESIGN invariant 4).
  await sql`
    CREATE OR REPLACE FUNCTION communs_refuse_published_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.published_at IS NOT NULL THEN
        RAISE EXCEPTION 'la version publiée % de la table % est figée', OLD.id, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$`.execute(db);

  await sql`
    CREATE TABLE workflow_version (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid REFERENCES tenant(id),
      key text NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      version integer NOT NULL CHECK (version > 0),
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      published_at timestamptz,
      UNIQUE NULLS NOT DISTINCT (tenant_id, key, version)
    )`.execute(db);
  await sql`
    CREATE TRIGGER workflow_version_frozen BEFORE UPDATE OR DELETE ON workflow_version
    FOR EACH ROW EXECUTE FUNCTION communs_refuse_published_change()`.execute(db);
  // Workflows the platform provides (tenant_id NULL) are readable in every tenant's scope; writable in none.
  await sql`ALTER TABLE workflow_version ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY tenant_isolation ON workflow_version TO communs_app
    USING (tenant_id IS NULL OR tenant_id = communs_current_tenant())
    WITH CHECK (tenant_id = communs_current_tenant())`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON workflow_version TO communs_app`.execute(db);

  await sql`
    CREATE TABLE eservice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text NOT NULL,
      summary text NOT NULL,
      description text NOT NULL,
      themes text[] NOT NULL DEFAULT '{}',
      keywords text[] NOT NULL DEFAULT '{}',
      access text NOT NULL CHECK (access IN ('anonymous', 'account', 'certified')),
      mutualised boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
      settings jsonb NOT NULL,
      workflow_version_id uuid NOT NULL REFERENCES workflow_version(id),
      published_form_version_id uuid,
      search_terms text NOT NULL DEFAULT '',
      search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('fr_unaccent', title), 'A')
        || setweight(to_tsvector('fr_unaccent', search_terms), 'B')
        || setweight(to_tsvector('fr_unaccent', summary), 'C')
        || setweight(to_tsvector('fr_unaccent', description), 'D')
      ) STORED,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (tenant_id, slug)
    )`.execute(db);
  await sql`CREATE INDEX eservice_slug ON eservice (slug)`.execute(db);
  await sql`CREATE INDEX eservice_search ON eservice USING gin (search_vector)`.execute(db);
  // The catalogue's vocabulary (words of titles, keywords, themes, provider names, without accents): a typo is
  // corrected against it with trigram similarity, then searched in full text (pg_trgm's documented spelling approach).
  await sql`CREATE TABLE search_word (word text PRIMARY KEY)`.execute(db);
  await sql`CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops)`.execute(db);

  await sql`
    CREATE TABLE form_version (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      eservice_id uuid NOT NULL REFERENCES eservice(id),
      version integer NOT NULL CHECK (version > 0),
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      published_at timestamptz,
      UNIQUE (eservice_id, version)
    )`.execute(db);
  await sql`
    CREATE TRIGGER form_version_frozen BEFORE UPDATE OR DELETE ON form_version
    FOR EACH ROW EXECUTE FUNCTION communs_refuse_published_change()`.execute(db);
  // No foreign key from eservice.published_form_version_id back to form_version: the two would reference each other,
  // and backups need an order of tables where each comes after those it references.

  await sql`
    CREATE TABLE request_draft (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      eservice_id uuid NOT NULL REFERENCES eservice(id),
      form_version_id uuid NOT NULL REFERENCES form_version(id),
      citizen_user_id uuid REFERENCES user_account(id) ON DELETE CASCADE,
      anonymous_owner_hash text,
      answers jsonb NOT NULL DEFAULT '{}',
      contact jsonb NOT NULL DEFAULT '{}',
      reached_page integer NOT NULL DEFAULT 0,
      idempotency_key text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      submitted_request_id uuid,
      CHECK ((citizen_user_id IS NULL) <> (anonymous_owner_hash IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX request_draft_citizen ON request_draft (citizen_user_id, updated_at DESC) WHERE submitted_request_id IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX request_draft_age ON request_draft (updated_at)`.execute(db);

  await sql`
    CREATE TABLE request_counter (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      year integer NOT NULL,
      last_value integer NOT NULL,
      PRIMARY KEY (tenant_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      eservice_id uuid NOT NULL REFERENCES eservice(id),
      form_version_id uuid NOT NULL REFERENCES form_version(id),
      workflow_version_id uuid NOT NULL REFERENCES workflow_version(id),
      number text NOT NULL UNIQUE,
      tracking_code text NOT NULL UNIQUE,
      citizen_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      contact_email text NOT NULL,
      contact_sms text,
      answers jsonb NOT NULL,
      status text NOT NULL,
      citizen_status text NOT NULL,
      submitted_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      routing jsonb NOT NULL,
      commune_insee text,
      acknowledgement jsonb NOT NULL,
      idempotency_scope text NOT NULL,
      idempotency_key text NOT NULL,
      idempotency_fingerprint text NOT NULL,
      UNIQUE (eservice_id, idempotency_scope, idempotency_key)
    )`.execute(db);
  await sql`CREATE INDEX request_citizen ON request (citizen_user_id, updated_at DESC)`.execute(db);
  await sql`CREATE INDEX request_tenant ON request (tenant_id, submitted_at DESC)`.execute(db);

  // The timeline: every status change, never rewritten (the back-office and the citizen read the same history).
  await sql`
    CREATE TABLE request_status_change (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES request(id),
      at timestamptz NOT NULL,
      from_status text,
      to_status text NOT NULL,
      visible_to_citizen boolean NOT NULL,
      actor_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      actor_label text NOT NULL,
      note text
    )`.execute(db);
  await sql`CREATE INDEX request_status_change_request ON request_status_change (request_id, id)`.execute(db);
  await sql`
    CREATE TRIGGER request_status_change_append_only BEFORE UPDATE OR DELETE ON request_status_change
    FOR EACH ROW EXECUTE FUNCTION communs_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE request_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES request(id),
      author text NOT NULL CHECK (author IN ('citizen', 'administration')),
      author_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      author_label text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX request_message_request ON request_message (request_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE request_attachment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES request(id),
      message_id uuid REFERENCES request_message(id),
      field_key text,
      stored_file_id uuid NOT NULL REFERENCES stored_file(id),
      created_at timestamptz NOT NULL,
      CHECK ((message_id IS NULL) <> (field_key IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX request_attachment_request ON request_attachment (request_id)`.execute(db);

  for (const table of [
    'eservice',
    'form_version',
    'request_draft',
    'request_counter',
    'request',
    'request_status_change',
    'request_message',
    'request_attachment',
  ]) {
    await enableTenantRowSecurity(db, table);
  }

  // Reference geography, like the tenant directory: not owned by a tenant, read by routing.
  await sql`
    CREATE TABLE commune_boundary (
      insee_code text PRIMARY KEY CHECK (insee_code ~ '^[0-9][0-9AB][0-9]{3}$'),
      name text NOT NULL,
      geometry jsonb NOT NULL,
      min_lon double precision NOT NULL,
      min_lat double precision NOT NULL,
      max_lon double precision NOT NULL,
      max_lat double precision NOT NULL,
      source text NOT NULL,
      imported_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX commune_boundary_bbox ON commune_boundary (min_lon, max_lon, min_lat, max_lat)`.execute(db);
  await sql`
    CREATE TABLE commune_contact (
      insee_code text PRIMARY KEY CHECK (insee_code ~ '^[0-9][0-9AB][0-9]{3}$'),
      name text NOT NULL,
      office_name text NOT NULL,
      email text,
      phone text,
      postal_address text,
      source text NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
}
