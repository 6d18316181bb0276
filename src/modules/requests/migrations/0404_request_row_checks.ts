import { type Kysely, sql } from 'kysely';

/**
 * Less work per request row, same integrity or more (a submission writes one row and pays each of its checks):
 * - A request's form version must belong to its e-service: one composite foreign key says so, and replaces the two
 *   single ones (the version's own key to its e-service keeps the e-service checked, and a published version cannot
 *   be deleted).
 * - The citizen's and the commune's indexes leave out the rows without one (anonymous requests, services not placed
 *   on a map): every query on them looks a value up, and those rows only cost an index entry per submission.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE form_version ADD CONSTRAINT form_version_id_eservice_key UNIQUE (id, eservice_id)`.execute(db);
  await sql`
    ALTER TABLE request
      ADD CONSTRAINT request_form_version_of_eservice FOREIGN KEY (form_version_id, eservice_id) REFERENCES form_version (id, eservice_id),
      DROP CONSTRAINT request_form_version_id_fkey,
      DROP CONSTRAINT request_eservice_id_fkey`.execute(db);

  await sql`DROP INDEX request_citizen`.execute(db);
  await sql`CREATE INDEX request_citizen ON request (citizen_user_id, updated_at DESC) WHERE citizen_user_id IS NOT NULL`.execute(
    db,
  );
  await sql`DROP INDEX request_inbox_commune`.execute(db);
  await sql`CREATE INDEX request_inbox_commune ON request (tenant_id, commune_insee, submitted_at DESC) WHERE commune_insee IS NOT NULL`.execute(
    db,
  );
}
