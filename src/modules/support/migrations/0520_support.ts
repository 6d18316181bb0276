import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Assistance and support: the FAQ (general or per service, kept by the administration that provides the service),
 * the communes' support tickets with their history, the platform's health probes and the notices the metropolis
 * publishes to the communes (maintenance windows, significant changes, news). FAQ entries and tickets belong to a
 * tenant and are row-level secured; probes and notices are the metropolis's, for every commune alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE support_faq (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      service_slug text CHECK (service_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      service_title text,
      question text NOT NULL CHECK (length(question) BETWEEN 1 AND 300),
      answer text NOT NULL CHECK (length(answer) BETWEEN 1 AND 10000),
      search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('fr_unaccent', question), 'A') || setweight(to_tsvector('fr_unaccent', answer), 'B')
      ) STORED,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_label text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX support_faq_search ON support_faq USING gin (search_vector) WITH (fastupdate = off)`.execute(
    db,
  );
  await sql`CREATE INDEX support_faq_service ON support_faq (service_slug, tenant_id)`.execute(db);
  await enableTenantRowSecurity(db, 'support_faq');

  await sql`
    CREATE TABLE support_ticket (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      number integer NOT NULL CHECK (number > 0),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
      category text NOT NULL CHECK (category IN ('guichet', 'identite', 'connecteur', 'donnees', 'autre')),
      status text NOT NULL DEFAULT 'nouveau' CHECK (status IN ('nouveau', 'en_cours', 'attente_commune', 'resolu')),
      severity text CHECK (severity IN ('bloquant', 'majeur', 'mineur')),
      qualified_at timestamptz,
      resolved_at timestamptz,
      opened_by_user_id uuid REFERENCES user_account(id),
      opened_by_label text NOT NULL,
      contact_email text NOT NULL,
      warned_at timestamptz,
      breach_notified_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (tenant_id, number),
      CHECK ((severity IS NULL) = (qualified_at IS NULL)),
      CHECK ((status = 'resolu') = (resolved_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX support_ticket_open ON support_ticket (status) WHERE status <> 'resolu'`.execute(db);
  await sql`CREATE INDEX support_ticket_resolved ON support_ticket (tenant_id, resolved_at)`.execute(db);
  await enableTenantRowSecurity(db, 'support_ticket');

  await sql`
    CREATE TABLE support_ticket_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      ticket_id uuid NOT NULL REFERENCES support_ticket(id),
      at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('ouverture', 'message', 'statut', 'qualification')),
      side text NOT NULL CHECK (side IN ('commune', 'metropole')),
      author_label text NOT NULL,
      body text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
      status text,
      severity text,
      file_id uuid REFERENCES stored_file(id),
      file_name text
    )`.execute(db);
  await sql`CREATE INDEX support_ticket_event_ticket ON support_ticket_event (ticket_id, at)`.execute(db);
  await enableTenantRowSecurity(db, 'support_ticket_event');

  await sql`
    CREATE TABLE support_probe (
      at timestamptz PRIMARY KEY,
      ok boolean NOT NULL,
      latency_ms integer NOT NULL CHECK (latency_ms >= 0),
      detail text NOT NULL DEFAULT ''
    )`.execute(db);

  await sql`
    CREATE TABLE support_notice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('maintenance', 'changement', 'actualite')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      starts_at timestamptz,
      ends_at timestamptz,
      created_at timestamptz NOT NULL,
      created_by_label text NOT NULL,
      CHECK ((kind = 'maintenance') = (starts_at IS NOT NULL AND ends_at IS NOT NULL)),
      CHECK (ends_at IS NULL OR ends_at > starts_at)
    )`.execute(db);
  await sql`CREATE INDEX support_notice_window ON support_notice (ends_at) WHERE kind = 'maintenance'`.execute(db);
}
