import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * - `request_reading`: when each agent last opened a request, so the inbox can mark the requests with citizen's
 *   messages they have not read. One row per agent and request, overwritten at each visit.
 * - `request.rerouted_to`: a request sent on to the competent administration points at the request that
 *   administration now holds; the listings of the first one leave it out. History is append-only, so a request
 *   never changes tenant: the competent administration gets a new request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE request_reading (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      request_id uuid NOT NULL REFERENCES request(id),
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL,
      PRIMARY KEY (request_id, user_id)
    )`.execute(db);
  await enableTenantRowSecurity(db, 'request_reading');
  await sql`CREATE INDEX request_message_citizen ON request_message (request_id, created_at) WHERE author = 'citizen'`.execute(
    db,
  );
  await sql`ALTER TABLE request ADD COLUMN rerouted_to uuid REFERENCES request(id)`.execute(db);
}
