import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { Booking, BookingStatus } from './appointments.tables.ts';

/** Bookings and the seats they hold. */

/** Seats held per slot start (epoch milliseconds) of an agenda between two instants. */
export async function takenSeats(
  trx: TenantTransaction,
  agendaId: string,
  from: Date,
  to: Date,
): Promise<Map<number, number>> {
  const rows = await trx
    .selectFrom('booking_seat')
    .select(['slot_start', sql<number>`count(*)::int`.as('held')])
    .where('tenant_id', '=', trx.tenantId)
    .where('agenda_id', '=', agendaId)
    .where('slot_start', '>=', from)
    .where('slot_start', '<', to)
    .groupBy('slot_start')
    .execute();
  return new Map(rows.map((r) => [r.slot_start.getTime(), r.held]));
}

export async function insertBooking(
  trx: TenantTransaction,
  values: {
    agendaId: string;
    meetingTypeId: string;
    startsAt: Date;
    endsAt: Date;
    userId: string | null;
    name: string;
    email: string;
    phone: string | null;
    manageTokenHash: string;
    at: Date;
    /** A form's hold: kept until then, confirmed by its request. */
    heldUntil?: Date;
    /** A released hold taken again keeps its id (the draft's answer names it). */
    id?: string;
  },
): Promise<Booking> {
  return trx
    .insertInto('booking')
    .values({
      ...(values.id ? { id: values.id } : {}),
      tenant_id: trx.tenantId,
      agenda_id: values.agendaId,
      meeting_type_id: values.meetingTypeId,
      starts_at: values.startsAt,
      ends_at: values.endsAt,
      status: values.heldUntil ? 'held' : 'booked',
      held_until: values.heldUntil ?? null,
      user_id: values.userId,
      name: values.name,
      email: values.email,
      phone: values.phone,
      manage_token_hash: values.manageTokenHash,
      created_at: values.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Takes a free seat of one slot for a booking, or answers false when every seat is held. Each attempt is an insert
 * that the primary key (agenda, slot, seat) lets through once: a concurrent transaction holding the same seat makes
 * this one wait for its outcome, then skip to the next seat; so at most `capacity` bookings hold a slot.
 */
export async function takeSeat(
  trx: TenantTransaction,
  seat: { agendaId: string; slotStart: Date; capacity: number; bookingId: string },
): Promise<boolean> {
  const held = await trx
    .selectFrom('booking_seat')
    .select('seat')
    .where('agenda_id', '=', seat.agendaId)
    .where('slot_start', '=', seat.slotStart)
    .execute();
  const heldSeats = new Set(held.map((h) => h.seat));
  for (let number = 1; number <= seat.capacity; number++) {
    if (heldSeats.has(number)) continue;
    const taken = await trx
      .insertInto('booking_seat')
      .values({
        tenant_id: trx.tenantId,
        agenda_id: seat.agendaId,
        slot_start: seat.slotStart,
        seat: number,
        booking_id: seat.bookingId,
      })
      .onConflict((oc) => oc.columns(['agenda_id', 'slot_start', 'seat']).doNothing())
      .returning('seat')
      .executeTakeFirst();
    if (taken) return true;
  }
  return false;
}

export async function releaseSeats(trx: TenantTransaction, bookingId: string): Promise<void> {
  await trx
    .deleteFrom('booking_seat')
    .where('tenant_id', '=', trx.tenantId)
    .where('booking_id', '=', bookingId)
    .execute();
}

export async function findBooking(trx: TenantTransaction, id: string): Promise<Booking | undefined> {
  return trx
    .selectFrom('booking')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findBookingByTokenHash(trx: TenantTransaction, hash: string): Promise<Booking | undefined> {
  return trx
    .selectFrom('booking')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('manage_token_hash', '=', hash)
    .executeTakeFirst();
}

export async function updateBooking(
  trx: TenantTransaction,
  id: string,
  values: Partial<{
    status: BookingStatus;
    startsAt: Date;
    endsAt: Date;
    meetingTypeId: string;
    cancelledAt: Date;
    attendedAt: Date | null;
    reminderSentAt: Date | null;
    manageTokenHash: string;
    heldUntil: Date | null;
    requestId: string;
    userId: string | null;
    name: string;
    email: string;
  }>,
): Promise<void> {
  await trx
    .updateTable('booking')
    .set({
      ...(values.status ? { status: values.status } : {}),
      ...(values.startsAt ? { starts_at: values.startsAt } : {}),
      ...(values.endsAt ? { ends_at: values.endsAt } : {}),
      ...(values.meetingTypeId ? { meeting_type_id: values.meetingTypeId } : {}),
      ...(values.cancelledAt ? { cancelled_at: values.cancelledAt } : {}),
      ...(values.attendedAt !== undefined ? { attended_at: values.attendedAt } : {}),
      ...(values.reminderSentAt !== undefined ? { reminder_sent_at: values.reminderSentAt } : {}),
      ...(values.manageTokenHash ? { manage_token_hash: values.manageTokenHash } : {}),
      ...(values.heldUntil !== undefined ? { held_until: values.heldUntil } : {}),
      ...(values.requestId ? { request_id: values.requestId } : {}),
      ...(values.userId !== undefined ? { user_id: values.userId } : {}),
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.email !== undefined ? { email: values.email } : {}),
    })
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .execute();
}

export type BookingLine = Booking & { agenda_name: string; meeting_type_name: string; place: string };

function bookingLines(trx: TenantTransaction) {
  return (
    trx
      .selectFrom('booking')
      .innerJoin('agenda', 'agenda.id', 'booking.agenda_id')
      .innerJoin('meeting_type', 'meeting_type.id', 'booking.meeting_type_id')
      .selectAll('booking')
      .select(['agenda.name as agenda_name', 'meeting_type.name as meeting_type_name', 'agenda.place as place'])
      .where('booking.tenant_id', '=', trx.tenantId)
      // A time held in a form is not an appointment until its request is sent.
      .where('booking.status', '!=', 'held')
  );
}

/** The bookings of a period, every agenda or one, in time order. */
export async function listBookingsBetween(
  trx: TenantTransaction,
  options: { from: Date; to: Date; agendaId?: string; activeOnly?: boolean },
): Promise<BookingLine[]> {
  let query = bookingLines(trx)
    .where('booking.starts_at', '>=', options.from)
    .where('booking.starts_at', '<', options.to);
  if (options.agendaId) query = query.where('booking.agenda_id', '=', options.agendaId);
  if (options.activeOnly) query = query.where('booking.status', '!=', 'cancelled');
  return query.orderBy('booking.starts_at').orderBy('booking.name').limit(2000).execute();
}

export async function listBookingsOfUser(trx: TenantTransaction, userId: string): Promise<BookingLine[]> {
  return bookingLines(trx)
    .where('booking.user_id', '=', userId)
    .orderBy('booking.starts_at', 'desc')
    .limit(200)
    .execute();
}

export type AgendaStatistics = {
  agenda_id: string;
  agenda_name: string;
  total: number;
  cancelled: number;
  checked_in: number;
  no_show: number;
  booked: number;
};

/** Per agenda, the bookings of a period by what became of them. */
export async function bookingStatistics(trx: TenantTransaction, from: Date, to: Date): Promise<AgendaStatistics[]> {
  return trx
    .selectFrom('agenda')
    .leftJoin('booking', (join) =>
      join
        .onRef('booking.agenda_id', '=', 'agenda.id')
        .on('booking.starts_at', '>=', from)
        .on('booking.starts_at', '<', to)
        .on('booking.status', '!=', 'held'),
    )
    .select([
      'agenda.id as agenda_id',
      'agenda.name as agenda_name',
      sql<number>`count(booking.id)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE booking.status = 'cancelled')::int`.as('cancelled'),
      sql<number>`count(*) FILTER (WHERE booking.status = 'checked_in')::int`.as('checked_in'),
      sql<number>`count(*) FILTER (WHERE booking.status = 'no_show')::int`.as('no_show'),
      sql<number>`count(*) FILTER (WHERE booking.status = 'booked')::int`.as('booked'),
    ])
    .where('agenda.tenant_id', '=', trx.tenantId)
    .groupBy(['agenda.id', 'agenda.name'])
    .orderBy('agenda.name')
    .execute();
}

/** Bookings whose reminder is due, every tenant (the worker runs as the owner). */
export async function dueReminders(db: Executor, now: Date, limit = 200) {
  return db
    .selectFrom('booking')
    .innerJoin('agenda', 'agenda.id', 'booking.agenda_id')
    .select(['booking.id', 'booking.tenant_id'])
    .where('booking.status', '=', 'booked')
    .where('booking.reminder_sent_at', 'is', null)
    .where('booking.starts_at', '>', now)
    .where(sql<boolean>`booking.starts_at - make_interval(hours => agenda.reminder_hours) <= ${now}`)
    .orderBy('booking.starts_at')
    .limit(limit)
    .execute();
}

/**
 * Deletes a hold and gives its seats back (a hold is nobody's appointment: nothing of it needs keeping). The row is
 * locked first, so a hold confirmed meanwhile by its request, or renewed past `expiredBy`, is left alone.
 */
export async function deleteHold(
  trx: TenantTransaction,
  bookingId: string,
  options: { expiredBy?: Date } = {},
): Promise<void> {
  let query = trx
    .selectFrom('booking')
    .select('id')
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', bookingId)
    .where('status', '=', 'held');
  if (options.expiredBy) query = query.where('held_until', '<=', options.expiredBy);
  const held = await query.forUpdate().executeTakeFirst();
  if (!held) return;
  await releaseSeats(trx, bookingId);
  await trx.deleteFrom('booking').where('tenant_id', '=', trx.tenantId).where('id', '=', bookingId).execute();
}

/** Holds whose time ran out, every tenant (the worker runs as the owner). */
export async function expiredHolds(db: Executor, now: Date, limit = 500) {
  return db
    .selectFrom('booking')
    .select(['id', 'tenant_id'])
    .where('status', '=', 'held')
    .where('held_until', '<=', now)
    .orderBy('held_until')
    .limit(limit)
    .execute();
}

export async function insertFeedToken(
  trx: TenantTransaction,
  values: { userId: string; tokenHash: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('agenda_feed_token')
    .values({ tenant_id: trx.tenantId, user_id: values.userId, token_hash: values.tokenHash, created_at: values.at })
    .execute();
}

export async function revokeFeedTokens(trx: TenantTransaction, userId: string, at: Date): Promise<number> {
  const result = await trx
    .updateTable('agenda_feed_token')
    .set({ revoked_at: at })
    .where('tenant_id', '=', trx.tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function activeFeedToken(trx: TenantTransaction, userId: string) {
  return trx
    .selectFrom('agenda_feed_token')
    .select(['id', 'created_at'])
    .where('tenant_id', '=', trx.tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function findFeedToken(trx: TenantTransaction, tokenHash: string) {
  return trx
    .selectFrom('agenda_feed_token')
    .select(['id', 'user_id'])
    .where('tenant_id', '=', trx.tenantId)
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
