import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Breach and attack reports (issue 17 §5, P4): a report of a commune (or of the metropolis), its two clocks (the
 * 8-hour alert for an attack on the identity integration, the CNIL's 72 hours), its workflow, and its history with
 * the evidence files (stored files, never deleted: the history refuses UPDATE and DELETE).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE incident_report (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      number integer NOT NULL CHECK (number > 0),
      kind text NOT NULL CHECK (kind IN ('fuite', 'attaque')),
      identity_attack boolean NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
      detected_at timestamptz NOT NULL,
      reported_at timestamptz NOT NULL,
      reported_by_user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      reported_by_label text NOT NULL,
      status text NOT NULL DEFAULT 'signale' CHECK (status IN ('signale', 'qualifie', 'notifie', 'clos')),
      personal_data boolean,
      severity text CHECK (severity IN ('faible', 'moyenne', 'elevee', 'critique')),
      alert_due_at timestamptz,
      alerted_at timestamptz,
      cnil_due_at timestamptz NOT NULL,
      cnil_notified_at timestamptz,
      cnil_reference text CHECK (length(cnil_reference) <= 100),
      closed_at timestamptz,
      UNIQUE (tenant_id, number),
      CHECK ((alert_due_at IS NOT NULL) = identity_attack)
    )`.execute(db);
  await sql`CREATE INDEX incident_report_open ON incident_report (reported_at DESC) WHERE closed_at IS NULL`.execute(
    db,
  );
  await enableTenantRowSecurity(db, 'incident_report');

  await sql`
    CREATE TABLE incident_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      incident_id uuid NOT NULL REFERENCES incident_report(id),
      kind text NOT NULL CHECK (kind IN ('signalement', 'piece', 'qualification', 'alerte', 'cnil', 'cloture', 'rappel')),
      body text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
      file_id uuid REFERENCES stored_file(id),
      actor_label text NOT NULL,
      side text NOT NULL CHECK (side IN ('commune', 'metropole')),
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX incident_event_incident ON incident_event (incident_id, at)`.execute(db);
  await sql`
    CREATE FUNCTION communs_incident_event_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the history of an incident report is kept as written';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER incident_event_kept BEFORE UPDATE OR DELETE ON incident_event
      FOR EACH ROW EXECUTE FUNCTION communs_incident_event_kept()`.execute(db);
  await enableTenantRowSecurity(db, 'incident_event');
}
