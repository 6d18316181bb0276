import { type Kysely, sql } from 'kysely';

/**
 * The catalogue's full-text and vocabulary indexes write straight into the index (fastupdate off). With the default
 * pending list, an insert is cheaper but every search scans the list of entries not merged yet, until a vacuum merges
 * them — and the embedded database has no autovacuum: after 10 000 publications a search that matched nothing still
 * took 8 ms, 0.1 ms once merged. Services are published rarely and searched all the time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of ['eservice_search', 'search_word_trgm']) {
    await sql`ALTER INDEX ${sql.table(index)} SET (fastupdate = off)`.execute(db);
    await sql`SELECT gin_clean_pending_list(${index}::regclass)`.execute(db);
  }
}
