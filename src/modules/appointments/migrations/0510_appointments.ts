import { type Kysely, sql } from 'kysely';
import { enableTenantRowSecurity } from '../../../platform/db/row-security.ts';

/**
 * Appointments with a desk: agendas (a desk of a commune or of the metropolis, its place and resources), the kinds
 * of meeting it offers, its weekly opening hours, its closures, the bookings, and the seats each booking holds.
 * Times of day are minutes after midnight in Paris; instants are timestamptz.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agenda (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      desk text NOT NULL,
      place text NOT NULL,
      resources text NOT NULL DEFAULT '',
      slot_minutes integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
      capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 50),
      horizon_days integer NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 400),
      min_notice_hours integer NOT NULL DEFAULT 2 CHECK (min_notice_hours BETWEEN 0 AND 720),
      change_limit_hours integer NOT NULL DEFAULT 24 CHECK (change_limit_hours BETWEEN 0 AND 720),
      reminder_hours integer NOT NULL DEFAULT 24 CHECK (reminder_hours BETWEEN 1 AND 720),
      closed_on_holidays boolean NOT NULL DEFAULT true,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX agenda_tenant ON agenda (tenant_id)`.execute(db);

  await sql`
    CREATE TABLE meeting_type (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agenda_id uuid NOT NULL REFERENCES agenda(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
      active boolean NOT NULL DEFAULT true
    )`.execute(db);
  await sql`CREATE INDEX meeting_type_agenda ON meeting_type (agenda_id)`.execute(db);

  await sql`
    CREATE TABLE opening_hours (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agenda_id uuid NOT NULL REFERENCES agenda(id),
      weekday integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      opens_minute integer NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
      closes_minute integer NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
      CHECK (closes_minute > opens_minute)
    )`.execute(db);
  await sql`CREATE INDEX opening_hours_agenda ON opening_hours (agenda_id)`.execute(db);

  await sql`
    CREATE TABLE agenda_closure (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agenda_id uuid NOT NULL REFERENCES agenda(id),
      first_day date NOT NULL,
      last_day date NOT NULL,
      reason text NOT NULL,
      CHECK (last_day >= first_day)
    )`.execute(db);
  await sql`CREATE INDEX agenda_closure_agenda ON agenda_closure (agenda_id)`.execute(db);

  await sql`
    CREATE TABLE booking (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agenda_id uuid NOT NULL REFERENCES agenda(id),
      meeting_type_id uuid NOT NULL REFERENCES meeting_type(id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
      user_id uuid REFERENCES user_account(id),
      name text NOT NULL,
      email text NOT NULL,
      phone text,
      manage_token_hash text NOT NULL UNIQUE,
      reminder_sent_at timestamptz,
      created_at timestamptz NOT NULL,
      cancelled_at timestamptz,
      attended_at timestamptz,
      CHECK (ends_at > starts_at)
    )`.execute(db);
  await sql`CREATE INDEX booking_agenda_start ON booking (agenda_id, starts_at)`.execute(db);
  await sql`CREATE INDEX booking_reminder ON booking (starts_at) WHERE status = 'booked' AND reminder_sent_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX booking_user ON booking (user_id) WHERE user_id IS NOT NULL`.execute(db);

  // The guarantee against double booking: a booking holds one seat in each slot it covers, and a seat of a slot is
  // held once. The seat numbers run from 1 to the agenda's capacity, so no more than capacity people share a slot
  // whatever the number of concurrent transactions; a cancelled booking gives its seats back by deleting them.
  await sql`
    CREATE TABLE booking_seat (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      agenda_id uuid NOT NULL REFERENCES agenda(id),
      slot_start timestamptz NOT NULL,
      seat integer NOT NULL CHECK (seat >= 1),
      booking_id uuid NOT NULL REFERENCES booking(id),
      PRIMARY KEY (agenda_id, slot_start, seat)
    )`.execute(db);
  await sql`CREATE INDEX booking_seat_booking ON booking_seat (booking_id)`.execute(db);

  await sql`
    CREATE TABLE agenda_feed_token (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      user_id uuid NOT NULL REFERENCES user_account(id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX agenda_feed_token_user ON agenda_feed_token (user_id)`.execute(db);

  for (const table of [
    'agenda',
    'meeting_type',
    'opening_hours',
    'agenda_closure',
    'booking',
    'booking_seat',
    'agenda_feed_token',
  ]) {
    await enableTenantRowSecurity(db, table);
  }
}
