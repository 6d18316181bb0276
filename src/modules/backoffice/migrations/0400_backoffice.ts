import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The back-office: the processing state of each request (version, assignment, clock), its history beyond
 * status changes, timed jumps, webhook secrets, agents' notification preferences, saved inbox views and exports; and
 * the indexes the agents' inbox needs (bench/backoffice.ts measures them on a million requests).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // unaccent() is STABLE (its dictionary could change); folding for a stored column needs an IMMUTABLE wrapper, the
  // usual way, with the dictionary named so the result does not depend on search_path.
  await sql`
    CREATE OR REPLACE FUNCTION communs_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`.execute(
    db,
  );

  await sql`
    ALTER TABLE request
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD COLUMN assigned_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      ADD COLUMN assigned_at timestamptz,
      ADD COLUMN assigned_role text CHECK (assigned_role IN ('agent', 'admin')),
      ADD COLUMN status_entered_at timestamptz,
      ADD COLUMN activity_at timestamptz,
      ADD COLUMN paused_at timestamptz,
      ADD COLUMN paused_seconds integer NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN search_text text GENERATED ALWAYS AS (
        communs_fold(number || ' ' || tracking_code || ' ' || contact_email || ' ' || answers::text)
      ) STORED`.execute(db);
  await sql`UPDATE request SET status_entered_at = submitted_at, activity_at = updated_at`.execute(db);
  // The counter inserts requests without these columns: they start at the submission.
  await sql`
    CREATE OR REPLACE FUNCTION communs_request_processing_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.status_entered_at := coalesce(NEW.status_entered_at, NEW.submitted_at);
      NEW.activity_at := coalesce(NEW.activity_at, NEW.submitted_at);
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER request_processing_defaults BEFORE INSERT ON request
    FOR EACH ROW EXECUTE FUNCTION communs_request_processing_defaults()`.execute(db);
  await sql`ALTER TABLE request ALTER COLUMN status_entered_at SET NOT NULL, ALTER COLUMN activity_at SET NOT NULL`.execute(
    db,
  );

  // The inbox: always one tenant, one sort key, and one selective filter among these; the rest is checked on the way.
  await sql`CREATE INDEX request_inbox_open ON request (tenant_id, submitted_at DESC) WHERE closed_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX request_inbox_status ON request (tenant_id, status, submitted_at DESC)`.execute(db);
  await sql`CREATE INDEX request_inbox_service ON request (tenant_id, eservice_id, submitted_at DESC)`.execute(db);
  await sql`CREATE INDEX request_inbox_assignee ON request (tenant_id, assigned_user_id, submitted_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX request_inbox_commune ON request (tenant_id, commune_insee, submitted_at DESC)`.execute(db);
  await sql`CREATE INDEX request_inbox_activity ON request (tenant_id, activity_at DESC)`.execute(db);
  await sql`CREATE INDEX request_inbox_text ON request USING gin (search_text gin_trgm_ops)`.execute(db);

  // Row-level security keeps a LIKE (not leakproof) off the trigram index: in a tenant's scope a word search would scan
  // the tenant's requests. This function looks past the policy for the ids only, and only in the caller's own tenant.
  await sql`
    CREATE OR REPLACE FUNCTION communs_request_search(p_tenant uuid, p_patterns text[], p_limit integer) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      query text := 'SELECT id FROM request WHERE tenant_id = $1';
    BEGIN
      IF p_tenant IS DISTINCT FROM communs_current_tenant() THEN
        RETURN;
      END IF;
      FOR i IN 1 .. coalesce(array_length(p_patterns, 1), 0) LOOP
        query := query || format(' AND search_text LIKE $2[%s]', i);
      END LOOP;
      RETURN QUERY EXECUTE query || ' LIMIT $3' USING p_tenant, p_patterns, p_limit;
    END $$`.execute(db);

  await sql`
    CREATE TABLE request_event (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES request(id),
      at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('assignment', 'note', 'action', 'button', 'document', 'timer')),
      actor_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      actor_label text NOT NULL,
      status_change_id bigint REFERENCES request_status_change(id),
      summary text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'
    )`.execute(db);
  await sql`CREATE INDEX request_event_request ON request_event (request_id, id)`.execute(db);
  await sql`CREATE INDEX request_event_tenant_kind ON request_event (tenant_id, kind, at)`.execute(db);
  // History that can be rewritten is not history.
  await sql`
    CREATE TRIGGER request_event_append_only BEFORE UPDATE OR DELETE ON request_event
    FOR EACH ROW EXECUTE FUNCTION communs_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER request_event_no_truncate BEFORE TRUNCATE ON request_event
    FOR EACH STATEMENT EXECUTE FUNCTION communs_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE request_timer (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES request(id),
      from_status text NOT NULL,
      status_entered_at timestamptz NOT NULL,
      to_status text NOT NULL,
      label text NOT NULL,
      delay_minutes integer NOT NULL CHECK (delay_minutes > 0),
      due_at timestamptz NOT NULL,
      closed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX request_timer_due ON request_timer (due_at) WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX request_timer_request ON request_timer (request_id) WHERE closed_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE webhook_secret (
      tenant_id uuid PRIMARY KEY REFERENCES tenant(id),
      secret text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE agent_preference (
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      new_requests text NOT NULL CHECK (new_requests IN ('immediate', 'digest', 'none')),
      digest_hour integer NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
      last_digest_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, tenant_id)
    )`.execute(db);

  await sql`
    CREATE TABLE inbox_view (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      owner_user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      query jsonb NOT NULL,
      shared boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX inbox_view_tenant ON inbox_view (tenant_id, owner_user_id)`.execute(db);

  await sql`
    CREATE TABLE backoffice_export (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      requested_by uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      format text NOT NULL CHECK (format IN ('csv', 'ods')),
      query jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
      total integer NOT NULL DEFAULT 0,
      done integer NOT NULL DEFAULT 0,
      stored_file_id uuid REFERENCES stored_file(id),
      filename text NOT NULL,
      error text,
      created_at timestamptz NOT NULL,
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX backoffice_export_requester ON backoffice_export (tenant_id, requested_by, created_at DESC)`.execute(
    db,
  );

  for (const table of [
    'request_event',
    'request_timer',
    'webhook_secret',
    'agent_preference',
    'inbox_view',
    'backoffice_export',
  ]) {
    await enableTenantRowSecurity(db, table);
  }
}
