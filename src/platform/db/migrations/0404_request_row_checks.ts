import { type Kysely, sql } from 'kysely';

/**
 * Less work per request row, same integrity or more (a submission writes one row and pays each of its checks):
 * - A request's form version must belong to its e-service: one composite foreign key says so, and replaces the two
 *   single ones (the version's own key to its e-service keeps the e-service checked, and a published version cannot
 *   be deleted).
 * - The citizen's and the commune's indexes leave out the rows without one (anonymous requests, services not placed
 *   on a map): every query on them looks a value up, and those rows only cost an index entry per submission.
 * - The store function returns the inserted ids only: returning whole rows copied every answer and acknowledgement
 *   into a result set that the application reduced to ids anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE form_version ADD CONSTRAINT form_version_id_eservice_key UNIQUE (id, eservice_id)`.execute(db);
  await sql`
    ALTER TABLE request
      ADD CONSTRAINT request_form_version_of_eservice FOREIGN KEY (form_version_id, eservice_id) REFERENCES form_version (id, eservice_id),
      DROP CONSTRAINT request_form_version_id_fkey,
      DROP CONSTRAINT request_eservice_id_fkey`.execute(db);

  await sql`DROP INDEX request_citizen`.execute(db);
  await sql`CREATE INDEX request_citizen ON request (citizen_user_id, updated_at DESC) WHERE citizen_user_id IS NOT NULL`.execute(db);
  await sql`DROP INDEX request_inbox_commune`.execute(db);
  await sql`CREATE INDEX request_inbox_commune ON request (tenant_id, commune_insee, submitted_at DESC) WHERE commune_insee IS NOT NULL`.execute(db);

  // As in 0402 but for what it returns (a function's result type cannot be replaced in place).
  await sql`DROP FUNCTION communs_store_requests(uuid, jsonb, jsonb)`.execute(db);
  await sql`
    CREATE FUNCTION communs_store_requests(p_tenant uuid, p_requests jsonb, p_follow_up jsonb)
    RETURNS SETOF uuid
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM set_config('communs.tenant_id', p_tenant::text, true), set_config('role', 'communs_app', true);
      RETURN QUERY
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(p_requests) AS r(
            id uuid, eservice_id uuid, form_version_id uuid, workflow_version_id uuid, number text, tracking_code text,
            citizen_user_id uuid, contact_email text, contact_sms text, answers jsonb, status text, submitted_at timestamptz,
            routing jsonb, commune_insee text, acknowledgement jsonb, idempotency_scope text, idempotency_key text,
            idempotency_fingerprint text, first_actor_user_id uuid, first_actor_label text, first_note text)
        ), inserted AS (
          INSERT INTO request (id, tenant_id, eservice_id, form_version_id, workflow_version_id, number, tracking_code,
            citizen_user_id, contact_email, contact_sms, answers, status, citizen_status, submitted_at, updated_at, routing,
            commune_insee, acknowledgement, idempotency_scope, idempotency_key, idempotency_fingerprint)
          SELECT id, p_tenant, eservice_id, form_version_id, workflow_version_id, number, tracking_code, citizen_user_id,
            contact_email, contact_sms, answers, status, status, submitted_at, submitted_at, routing, commune_insee,
            acknowledgement, idempotency_scope, idempotency_key, idempotency_fingerprint
          FROM input
          ON CONFLICT (eservice_id, idempotency_scope, idempotency_key) DO NOTHING
          RETURNING *
        ), first_step AS (
          INSERT INTO request_status_change (tenant_id, request_id, at, from_status, to_status, visible_to_citizen, actor_user_id, actor_label, note)
          SELECT inserted.tenant_id, inserted.id, inserted.submitted_at, NULL, inserted.status, true, input.first_actor_user_id, input.first_actor_label, input.first_note
          FROM inserted JOIN input ON input.id = inserted.id
        )
        SELECT inserted.id FROM inserted;
      -- The follow-up job, validated by JobQueue in the application, is inserted as given; like insertJobs, with the
      -- NOTIFY that wakes a worker at commit.
      IF FOUND AND p_follow_up IS NOT NULL THEN
        INSERT INTO job (tenant_id, queue, name, payload, run_at, created_at, max_attempts, dedupe_key)
        SELECT j.tenant_id, j.queue, j.name, j.payload, j.run_at, j.created_at, j.max_attempts, j.dedupe_key
        FROM jsonb_to_record(p_follow_up) AS j(tenant_id uuid, queue text, name text, payload jsonb, run_at timestamptz, created_at timestamptz, max_attempts integer, dedupe_key text)
        ON CONFLICT (dedupe_key) DO NOTHING;
        PERFORM pg_notify('communs_jobs', p_follow_up->>'queue');
      END IF;
    END $$`.execute(db);
}
