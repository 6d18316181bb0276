import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * A commune's exit archives: one row per archive asked for, its progress (requests written out of the total), and
 * the stored zip once built. Row-level secured: a commune's archive holds every request it received.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE data_archive (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
      done integer NOT NULL DEFAULT 0,
      total integer NOT NULL DEFAULT 0,
      stored_file_id uuid REFERENCES stored_file(id),
      error text,
      requested_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
      requested_by_label text NOT NULL,
      requested_at timestamptz NOT NULL,
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX data_archive_tenant ON data_archive (tenant_id, requested_at DESC)`.execute(db);
  await enableTenantRowSecurity(db, 'data_archive');
}
