import { type Kysely, sql } from 'kysely';

/**
 * Retention as data (issue 17 §3): a closed request loses its personal data when its retention ends (answers,
 * contact, account link, messages' text, files) and keeps what statistics count (service, holder, commune, dates,
 * status). These columns say when each was done, so the daily job never does it twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE request ADD COLUMN anonymised_at timestamptz, ADD COLUMN files_purged_at timestamptz`.execute(
    db,
  );
  await sql`CREATE INDEX request_retention ON request (tenant_id, eservice_id, closed_at) WHERE closed_at IS NOT NULL AND anonymised_at IS NULL`.execute(
    db,
  );
}
