import type { Kysely } from 'kysely';
import { createStoreFunctions } from '../store-requests.sql.ts';

/**
 * The two statements of a batch of submissions, as functions (their SQL lives in store-requests.sql.ts, beside the
 * repository that calls them; this migration created them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createStoreFunctions(db, 'create');
}
