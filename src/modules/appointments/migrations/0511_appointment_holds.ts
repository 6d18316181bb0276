import { type Kysely, sql } from 'kysely';

/**
 * Booking from a form: a time chosen on a form's page is held for the citizen (status `held`, until `held_until`),
 * taking its seats at once so the seats' primary key guards it as it guards a booking; the request it was sent with
 * confirms it (`request_id`, the request's id in its holder's tenant: no foreign key across modules' tables).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE booking DROP CONSTRAINT booking_status_check`.execute(db);
  await sql`
    ALTER TABLE booking ADD CONSTRAINT booking_status_check
      CHECK (status IN ('held', 'booked', 'cancelled', 'checked_in', 'no_show'))`.execute(db);
  await sql`ALTER TABLE booking ADD COLUMN held_until timestamptz`.execute(db);
  await sql`ALTER TABLE booking ADD COLUMN request_id uuid`.execute(db);
  await sql`ALTER TABLE booking ADD CONSTRAINT booking_held_until CHECK ((status = 'held') = (held_until IS NOT NULL))`.execute(
    db,
  );
  await sql`CREATE INDEX booking_held ON booking (held_until) WHERE status = 'held'`.execute(db);
}
