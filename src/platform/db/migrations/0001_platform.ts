import { type Kysely, sql } from 'kysely';

/**
 * The platform's own tables: tenants and their subscriptions, accounts, sessions, login throttling, jobs, audit log,
 * stored files. Row-level security is switched on for every tenant-owned table: the application reaches those rows
 * through `withTenant()`, which runs as the `communs_app` role with `communs.tenant_id` set (DESIGN invariant 1).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION fr_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$`.execute(db);

  // The role tenant-scoped work runs as. NOLOGIN: nobody connects as it, the owner switches to it per transaction.
  // Roles are cluster-wide, hence the guard (several databases of one cluster, as in tests, share it).
  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'communs_app') THEN
        CREATE ROLE communs_app NOLOGIN;
      END IF;
    END $$`.execute(db);
  await sql`
    DO $$ BEGIN
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT communs_app TO %I', current_user);
      END IF;
    END $$`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO communs_app`.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO communs_app`.execute(
    db,
  );
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO communs_app`.execute(db);
  // The current tenant, or NULL outside a tenant scope. Policies compare tenant_id to it.
  await sql`
    CREATE OR REPLACE FUNCTION communs_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('communs.tenant_id', true), '')::uuid $$`.execute(db);

  // Platform-wide values generated once and shared by every process (e.g. the cookie-signing secret in development).
  await sql`CREATE TABLE platform_setting (key text PRIMARY KEY, value text NOT NULL)`.execute(db);

  await sql`
    CREATE TABLE tenant (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      kind text NOT NULL CHECK (kind IN ('metropole', 'commune')),
      name text NOT NULL,
      insee_code text CHECK (insee_code ~ '^[0-9][0-9AB][0-9]{3}$'),
      siren text CHECK (siren ~ '^[0-9]{9}$'),
      population integer CHECK (population >= 0),
      population_municipale integer CHECK (population_municipale >= 0),
      population_year integer,
      environment text NOT NULL DEFAULT 'production' CHECK (environment IN ('production', 'test')),
      production_tenant_id uuid REFERENCES tenant(id),
      contact_email text,
      host_names text[] NOT NULL DEFAULT '{}',
      theme jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((environment = 'test') = (production_tenant_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX tenant_insee_production ON tenant (insee_code) WHERE environment = 'production'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX tenant_one_test_instance ON tenant (production_tenant_id) WHERE production_tenant_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE subscription (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      service text NOT NULL CHECK (service IN ('toodego', 'laclasse', 'opendata', 'geonet')),
      offer text NOT NULL,
      since date,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, service),
      CHECK (
        (service = 'toodego' AND offer IN ('partenaire', 'abonne', 'connecte', 'none'))
        OR (service <> 'toodego' AND offer IN ('subscribed', 'none'))
      )
    )`.execute(db);

  await sql`
    CREATE TABLE user_account (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      display_name text NOT NULL,
      password_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_login_at timestamptz,
      disabled_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX user_account_email ON user_account (lower(email))`.execute(db);

  await sql`
    CREATE TABLE role_assignment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      role text NOT NULL CHECK (role IN ('agent', 'admin', 'operator')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, tenant_id, role)
    )`.execute(db);
  await sql`CREATE INDEX role_assignment_tenant ON role_assignment (tenant_id)`.execute(db);

  await sql`
    CREATE TABLE session (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX session_by_user ON session (user_id)`.execute(db);
  await sql`CREATE INDEX session_by_expiry ON session (expires_at)`.execute(db);

  await sql`
    CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      attempts integer NOT NULL,
      window_started_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE job (
      id bigserial PRIMARY KEY,
      tenant_id uuid REFERENCES tenant(id),
      queue text NOT NULL,
      name text NOT NULL,
      payload jsonb NOT NULL,
      run_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 8,
      locked_by text,
      locked_until timestamptz,
      last_error text,
      done_at timestamptz,
      failed_at timestamptz,
      dedupe_key text UNIQUE
    )`.execute(db);
  await sql`CREATE INDEX job_ready ON job (queue, run_at) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE audit_event (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_label text NOT NULL,
      tenant_id uuid REFERENCES tenant(id),
      action text NOT NULL,
      target_type text,
      target_id text,
      details jsonb NOT NULL DEFAULT '{}',
      ip text
    )`.execute(db);
  await sql`CREATE INDEX audit_event_tenant ON audit_event (tenant_id, occurred_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_event_time ON audit_event (occurred_at DESC)`.execute(db);
  // Append-only: history that can be rewritten is not an audit log.
  await sql`
    CREATE OR REPLACE FUNCTION communs_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'la table % est en ajout seul', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION communs_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION communs_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE stored_file (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid REFERENCES tenant(id),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      byte_size integer NOT NULL,
      media_type text NOT NULL,
      original_name text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES user_account(id) ON DELETE SET NULL
    )`.execute(db);
  await sql`CREATE INDEX stored_file_tenant ON stored_file (tenant_id)`.execute(db);

  for (const table of ['subscription', 'role_assignment', 'audit_event', 'stored_file', 'job']) {
    await enableTenantRowSecurity(db, table);
  }
}

/**
 * Turns on row-level security for a tenant-owned table. Outside a tenant scope (platform work run as the owner)
 * the policies do not apply; inside one (role communs_app) only the scope's rows exist. Later migrations call this
 * for each new tenant-owned table.
 */
export async function enableTenantRowSecurity(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY tenant_isolation ON ${sql.table(table)} TO communs_app
    USING (tenant_id = communs_current_tenant())
    WITH CHECK (tenant_id = communs_current_tenant())`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO communs_app`.execute(db);
}
