import { type Kysely, sql } from 'kysely';

/**
 * The last four characters of each Open311 client's API key, so that the administration page tells keys apart without
 * ever holding them (only their digest is kept). Keys issued before this migration show none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE open311_client
      ADD COLUMN key_last4 text NOT NULL DEFAULT '' CHECK (length(key_last4) <= 4)`.execute(db);
  await sql`CREATE INDEX open311_client_tenant ON open311_client (tenant_id, created_at)`.execute(db);
}
