import { type Kysely, sql } from 'kysely';

/** The message an e-service taken offline shows citizens on its page (why, and until when). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE eservice ADD COLUMN offline_message text CHECK (char_length(offline_message) <= 1000)`.execute(
    db,
  );
}
