import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * The back-office's free-text search moves out of the request row into a table of its own, written by the job that
 * follows each batch of submissions rather than by the submission itself. A generated column with a trigram index
 * made every submission fold its whole text and write some four hundred index entries (0.4 ms of the 0.6 ms a
 * request row cost on the embedded database, and 20 to 40 ms stalls when PostgreSQL merged the index's pending list
 * inside a citizen's submission). Numbers and tracking codes are still found at once (unique indexes on request).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE request_search (
      request_id uuid PRIMARY KEY REFERENCES request(id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      search_text text NOT NULL
    )`.execute(db);
  await enableTenantRowSecurity(db, 'request_search');
  await sql`INSERT INTO request_search (request_id, tenant_id, search_text) SELECT id, tenant_id, search_text FROM request`.execute(
    db,
  );
  await sql`CREATE INDEX request_search_text ON request_search USING gin (search_text gin_trgm_ops)`.execute(db);
  await sql`ALTER TABLE request DROP COLUMN search_text`.execute(db);

  // Same contract as before (ids of the caller's tenant only, past row-level security), on the new table.
  await sql`
    CREATE OR REPLACE FUNCTION communs_request_search(p_tenant uuid, p_patterns text[], p_limit integer) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      query text := 'SELECT request_id FROM request_search WHERE tenant_id = $1';
    BEGIN
      IF p_tenant IS DISTINCT FROM communs_current_tenant() THEN
        RETURN;
      END IF;
      FOR i IN 1 .. coalesce(array_length(p_patterns, 1), 0) LOOP
        query := query || format(' AND search_text LIKE $2[%s]', i);
      END LOOP;
      RETURN QUERY EXECUTE query || ' LIMIT $3' USING p_tenant, p_patterns, p_limit;
    END $$`.execute(db);
}
