import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The pétale space (G9): one commune's personal document space. Its setting (which commune, its consent text and
 * version, how long documents are kept) is one row; each citizen's consent and documents belong to that commune's
 * tenant, row-level secured, so no other tenant's scope ever sees them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE petale_setting (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      consent_text text NOT NULL CHECK (length(consent_text) BETWEEN 20 AND 5000),
      consent_version integer NOT NULL CHECK (consent_version > 0),
      retention_months integer NOT NULL CHECK (retention_months BETWEEN 1 AND 60),
      updated_at timestamptz NOT NULL,
      updated_by_label text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE petale_consent (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      consent_version integer NOT NULL,
      consent_text text NOT NULL,
      accepted_at timestamptz NOT NULL,
      withdrawn_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX petale_consent_current ON petale_consent (tenant_id, user_id) WHERE withdrawn_at IS NULL`.execute(
    db,
  );
  await enableTenantRowSecurity(db, 'petale_consent');

  await sql`
    CREATE TABLE petale_document (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
      file_id uuid NOT NULL REFERENCES stored_file(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX petale_document_owner ON petale_document (tenant_id, user_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX petale_document_expiry ON petale_document (expires_at)`.execute(db);
  await enableTenantRowSecurity(db, 'petale_document');
}
