import { type Kysely, sql } from 'kysely';

/**
 * The consent archive (issue 17 §2, P1): a withdrawal is kept with the words the citizen acted on, as a grant is
 * with the sentence they approved. Earlier withdrawals have none (null).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE oidc_consent ADD COLUMN revocation_wording text`.execute(db);
  await sql`CREATE INDEX oidc_consent_client ON oidc_consent (client_id, granted_at)`.execute(db);
}
