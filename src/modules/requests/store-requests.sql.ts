import { type Kysely, sql } from 'kysely';

/**
 * The two statements a batch of submissions runs, as PL/pgSQL functions: PostgreSQL keeps their plans for the
 * session, where the same statements sent as text were parsed and planned again for every batch (a third of their
 * cost on the embedded database). Both take their rows as one JSON document, whatever the batch size.
 *
 * Their SQL lives here, beside the repository that calls them (requests.repo.ts builds its input from the same column
 * lists); migration 0402 creates them from this file. Changing them takes a new migration that creates them again
 * (`CREATE OR REPLACE`) from this file: a fresh database then gets the new text from 0402 already, and the new
 * migration replaces it with itself.
 */

/** The reservation of numbers: `count` more of a tenant's yearly sequence. */
export const NUMBER_RESERVATION_COLUMNS = { tenant_id: 'uuid', year: 'integer', count: 'integer' } as const;

/** A request as the store function reads it from its JSON input, with the first step of its timeline. */
export const STORED_REQUEST_COLUMNS = {
  id: 'uuid',
  eservice_id: 'uuid',
  form_version_id: 'uuid',
  workflow_version_id: 'uuid',
  number: 'text',
  tracking_code: 'text',
  citizen_user_id: 'uuid',
  contact_email: 'text',
  contact_sms: 'text',
  answers: 'jsonb',
  status: 'text',
  submitted_at: 'timestamptz',
  routing: 'jsonb',
  commune_insee: 'text',
  acknowledgement: 'jsonb',
  idempotency_scope: 'text',
  idempotency_key: 'text',
  idempotency_fingerprint: 'text',
  first_actor_user_id: 'uuid',
  first_actor_label: 'text',
  first_note: 'text',
} as const;

/** The follow-up job, as the store function reads it (validated by the JobQueue before). */
export const FOLLOW_UP_JOB_COLUMNS = {
  tenant_id: 'uuid',
  queue: 'text',
  name: 'text',
  payload: 'jsonb',
  run_at: 'timestamptz',
  created_at: 'timestamptz',
  max_attempts: 'integer',
  dedupe_key: 'text',
} as const;

/** One row of a function's JSON input: every column named, none more. */
export type InputRow<Columns> = { [K in keyof Columns]: unknown };

/** "id uuid, eservice_id uuid, …": the column definition list of jsonb_to_recordset. */
const definition = (columns: Record<string, string>) =>
  sql.raw(
    Object.entries(columns)
      .map(([name, type]) => `${name} ${type}`)
      .join(', '),
  );

/** Creates both functions (CREATE OR REPLACE when a later migration brings a new version of this file). */
export async function createStoreFunctions(db: Kysely<unknown>, how: 'create' | 'create or replace'): Promise<void> {
  const create = sql.raw(how === 'create' ? 'CREATE' : 'CREATE OR REPLACE');
  // Numbers: `count` more of each tenant's yearly sequence; rows locked in one order, so batches never deadlock.
  await sql`
    ${create} FUNCTION communs_reserve_request_numbers(p_wanted jsonb)
    RETURNS TABLE (reserved_tenant uuid, reserved_year integer, reserved_last integer)
    LANGUAGE plpgsql AS $$
    BEGIN
      RETURN QUERY
        INSERT INTO request_counter AS c (tenant_id, year, last_value)
        SELECT w.tenant_id, w.year, w.count FROM jsonb_to_recordset(p_wanted) AS w(${definition(NUMBER_RESERVATION_COLUMNS)})
        ORDER BY w.tenant_id, w.year
        ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = c.last_value + excluded.last_value
        RETURNING c.tenant_id, c.year, c.last_value;
    END $$`.execute(db);

  // One holder's requests with their first timeline steps, in that holder's scope (row-level security applies), and
  // the job that follows them when at least one was inserted (a reused idempotency key inserts nothing).
  await sql`
    ${create} FUNCTION communs_store_requests(p_tenant uuid, p_requests jsonb, p_follow_up jsonb)
    RETURNS SETOF request
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM set_config('communs.tenant_id', p_tenant::text, true), set_config('role', 'communs_app', true);
      RETURN QUERY
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(p_requests) AS r(${definition(STORED_REQUEST_COLUMNS)})
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
        SELECT * FROM inserted;
      -- The follow-up job, validated by JobQueue in the application, is inserted as given; like insertJobs, with the
      -- NOTIFY that wakes a worker at commit.
      IF FOUND AND p_follow_up IS NOT NULL THEN
        INSERT INTO job (tenant_id, queue, name, payload, run_at, created_at, max_attempts, dedupe_key)
        SELECT j.tenant_id, j.queue, j.name, j.payload, j.run_at, j.created_at, j.max_attempts, j.dedupe_key
        FROM jsonb_to_record(p_follow_up) AS j(${definition(FOLLOW_UP_JOB_COLUMNS)})
        ON CONFLICT (dedupe_key) DO NOTHING;
        PERFORM pg_notify('communs_jobs', p_follow_up->>'queue');
      END IF;
    END $$`.execute(db);
}
