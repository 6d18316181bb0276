import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Privacy operations (issue 17, P1, P2, P6): the data subjects' rights requests, addressed to the data protection
 * officer of the instance they were made on (its controller), with their one-month deadline and its extension; and
 * the retention rules, one per e-service or the instance's default (`eservice_id` null).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE rights_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      reference text NOT NULL UNIQUE,
      user_id uuid REFERENCES user_account(id) ON DELETE SET NULL,
      requester_name text NOT NULL CHECK (length(requester_name) <= 200),
      requester_email text NOT NULL CHECK (length(requester_email) BETWEEN 3 AND 254),
      kind text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'portability', 'objection')),
      details text NOT NULL CHECK (length(details) <= 4000),
      received_at timestamptz NOT NULL,
      due_on date NOT NULL,
      extended_due_on date,
      extension_reason text CHECK (length(extension_reason) <= 2000),
      status text NOT NULL CHECK (status IN ('received', 'extended', 'answered')),
      answered_at timestamptz,
      answer text CHECK (length(answer) <= 8000),
      export_file_id uuid REFERENCES stored_file(id),
      answered_by_label text
    )`.execute(db);
  await sql`CREATE INDEX rights_request_queue ON rights_request (tenant_id, status, due_on)`.execute(db);
  await sql`CREATE INDEX rights_request_user ON rights_request (user_id, received_at DESC) WHERE user_id IS NOT NULL`.execute(
    db,
  );
  await enableTenantRowSecurity(db, 'rights_request');

  await sql`
    CREATE TABLE retention_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      eservice_id uuid REFERENCES eservice(id),
      anonymise_after_months integer CHECK (anonymise_after_months BETWEEN 1 AND 600),
      purge_files_after_months integer CHECK (purge_files_after_months BETWEEN 1 AND 600),
      active boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL,
      updated_by_label text NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX retention_rule_service ON retention_rule (tenant_id, eservice_id) WHERE eservice_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX retention_rule_default ON retention_rule (tenant_id) WHERE eservice_id IS NULL`.execute(
    db,
  );
  await enableTenantRowSecurity(db, 'retention_rule');
}
