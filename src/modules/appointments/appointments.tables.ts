import type { ColumnType, Generated, Selectable } from 'kysely';

type CalendarDate = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** `held`: a time chosen in a form, kept for the citizen until `held_until` or until the request confirms it. */
export type BookingStatus = 'held' | 'booked' | 'cancelled' | 'checked_in' | 'no_show';

export interface AgendaTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  /** The desk it books for ("Accueil état civil"). */
  desk: string;
  /** Where the citizen goes. */
  place: string;
  /** What the desk uses (a room, a fingerprint station…), shown to agents. */
  resources: Generated<string>;
  slot_minutes: number;
  /** How many people the desk receives at once in a slot. */
  capacity: number;
  /** How far ahead citizens may book. */
  horizon_days: Generated<number>;
  /** How soon a slot may still be booked. */
  min_notice_hours: Generated<number>;
  /** Until how long before the appointment the citizen may change or cancel it. */
  change_limit_hours: Generated<number>;
  /** How long before the appointment the reminder leaves. */
  reminder_hours: Generated<number>;
  closed_on_holidays: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface MeetingTypeTable {
  id: Generated<string>;
  tenant_id: string;
  agenda_id: string;
  name: string;
  duration_minutes: number;
  active: Generated<boolean>;
}

export interface OpeningHoursTable {
  id: Generated<string>;
  tenant_id: string;
  agenda_id: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  opens_minute: number;
  closes_minute: number;
}

export interface AgendaClosureTable {
  id: Generated<string>;
  tenant_id: string;
  agenda_id: string;
  first_day: CalendarDate;
  last_day: CalendarDate;
  reason: string;
}

export interface BookingTable {
  id: Generated<string>;
  tenant_id: string;
  agenda_id: string;
  meeting_type_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: BookingStatus;
  user_id: string | null;
  name: string;
  email: string;
  phone: string | null;
  manage_token_hash: string;
  reminder_sent_at: Timestamp | null;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
  attended_at: Timestamp | null;
  held_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The request a form's booking was sent with (in its holder's tenant). */
  request_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface BookingSeatTable {
  tenant_id: string;
  agenda_id: string;
  slot_start: Timestamp;
  seat: number;
  booking_id: string;
}

export interface AgendaFeedTokenTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface AppointmentsTables {
  agenda: AgendaTable;
  meeting_type: MeetingTypeTable;
  opening_hours: OpeningHoursTable;
  agenda_closure: AgendaClosureTable;
  booking: BookingTable;
  booking_seat: BookingSeatTable;
  agenda_feed_token: AgendaFeedTokenTable;
}

export type Agenda = Selectable<AgendaTable>;
export type MeetingType = Selectable<MeetingTypeTable>;
export type OpeningHours = Selectable<OpeningHoursTable>;
export type AgendaClosure = Selectable<AgendaClosureTable>;
export type Booking = Selectable<BookingTable>;
