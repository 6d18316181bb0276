import { type Kysely, sql } from 'kysely';

/**
 * Polling for Connecté communes whose system cannot push its status updates: whether the platform fetches them
 * (Open311 only), when the last poll that succeeded started (the next one asks from there, minus an overlap), and the
 * last failure in our words, so the commune's administrator sees why nothing arrives.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE connector_config
      ADD COLUMN poll_enabled boolean NOT NULL DEFAULT false,
      ADD COLUMN last_polled_at timestamptz,
      ADD COLUMN last_poll_error text CHECK (length(last_poll_error) <= 300),
      ADD COLUMN last_poll_failed_at timestamptz,
      ADD CONSTRAINT connector_config_poll_open311 CHECK (NOT poll_enabled OR protocol = 'open311')`.execute(db);
}
