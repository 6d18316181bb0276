import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Per-service teams: the agents of a commune who handle one e-service's requests. The row belongs to the commune
 * whose agents process the requests (a mutualised metropolis service routed to the commune included), so it lives in
 * that commune's tenant, row-level secured. A service with no row has no team: all the commune's agents handle it.
 * A removed account takes its memberships with it; a removed service too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE eservice_team (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      eservice_id uuid NOT NULL REFERENCES eservice(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      added_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, eservice_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX eservice_team_member ON eservice_team (tenant_id, user_id)`.execute(db);
  await enableTenantRowSecurity(db, 'eservice_team');
}
