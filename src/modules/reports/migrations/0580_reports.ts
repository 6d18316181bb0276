import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Public reports (issue 15 §6, §7): the public part of each report request, its moderation beside the author's words
 * (the original is never overwritten: a trigger refuses it), the moderation history, and the report's followers.
 * The point is in plain indexed columns: the nearby search takes a bounding box on them, then the exact distance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE report (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL UNIQUE REFERENCES request(id),
      eservice_id uuid NOT NULL REFERENCES eservice(id),
      service_title text NOT NULL,
      category text NOT NULL DEFAULT '' CHECK (length(category) <= 200),
      category_label text NOT NULL DEFAULT '' CHECK (length(category_label) <= 500),
      lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
      lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
      commune_insee text,
      commune_name text NOT NULL DEFAULT '',
      description text NOT NULL DEFAULT '',
      status text NOT NULL,
      status_label text NOT NULL,
      closed_at timestamptz,
      submitted_at timestamptz NOT NULL,
      status_changed_at timestamptz NOT NULL,
      hidden boolean NOT NULL DEFAULT false,
      public_description text CHECK (length(public_description) <= 4000),
      moderated_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX report_nearby ON report (eservice_id, category, lat, lon) WHERE closed_at IS NULL`.execute(db);
  await sql`CREATE INDEX report_recent ON report (submitted_at DESC)`.execute(db);
  await sql`CREATE INDEX report_commune ON report (commune_insee, submitted_at DESC)`.execute(db);
  await sql`CREATE INDEX report_holder ON report (tenant_id, submitted_at DESC)`.execute(db);
  await sql`
    CREATE FUNCTION communs_report_original_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.description IS DISTINCT FROM OLD.description THEN
        RAISE EXCEPTION 'the author''s description of a report is kept as sent: moderate beside it';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER report_original_kept BEFORE UPDATE OF description ON report
      FOR EACH ROW EXECUTE FUNCTION communs_report_original_kept()`.execute(db);
  await enableTenantRowSecurity(db, 'report');

  await sql`
    CREATE TABLE report_moderation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      report_id uuid NOT NULL REFERENCES report(id),
      action text NOT NULL CHECK (action IN ('hide', 'show', 'edit', 'restore')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
      public_description text CHECK (length(public_description) <= 4000),
      actor_user_id uuid,
      actor_label text NOT NULL,
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_moderation_report ON report_moderation (report_id, at)`.execute(db);
  await enableTenantRowSecurity(db, 'report_moderation');

  await sql`
    CREATE TABLE report_follower (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      report_id uuid NOT NULL REFERENCES report(id),
      user_id uuid REFERENCES user_account(id) ON DELETE CASCADE,
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      token_digest text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      confirmed_at timestamptz,
      stopped_at timestamptz,
      UNIQUE (report_id, email)
    )`.execute(db);
  await enableTenantRowSecurity(db, 'report_follower');
}
