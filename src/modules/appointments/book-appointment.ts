import type { Services } from '../../platform/services.ts';
import { type TenantTransaction, withTenant } from '../../platform/db/tenant-scope.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findAgenda, listMeetingTypes, loadAgendaCalendar } from './agenda.repo.ts';
import { newSecret } from './appointment-format.ts';
import type { Agenda, Booking, MeetingType } from './appointments.tables.ts';
import { insertBooking, takeSeat, takenSeats } from './booking.repo.ts';
import { queueBookingMail } from './booking-mail.ts';
import { freeStarts, openSlots, slotsCovered } from './slot-calendar.ts';
import { parisDay } from '../../platform/paris-time.ts';

export const SLOT_TAKEN =
  'Ce créneau vient d’être réservé par une autre personne et il n’y reste plus de place. Choisissez un autre horaire.';
export const SLOT_UNAVAILABLE = 'Ce créneau n’est pas proposé à la réservation. Choisissez un horaire dans la liste.';

export type BookingOutcome = { ok: true; booking: Booking; token: string } | { ok: false; message: string };

export class SlotTaken extends Error {}

export type ReservationInput = {
  agendaId: string;
  meetingTypeId: string;
  startsAt: Date;
  userId: string | null;
  name: string;
  email: string;
  phone: string | null;
  /** A form's hold rather than a booking: kept until then. */
  heldUntil?: Date;
  /** A released hold taken again keeps its id. */
  id?: string;
};

/**
 * Inside a tenant's transaction: the start must be one the agenda offers now, then the booking takes a seat in every
 * slot it covers (the database refuses a seat held twice; a full slot throws SlotTaken, so the caller's transaction
 * rolls the whole booking back).
 */
export async function reserveSlot(
  trx: TenantTransaction,
  now: Date,
  input: ReservationInput,
): Promise<{ booking: Booking; agenda: Agenda; type: MeetingType; token: string } | undefined> {
  const agenda = await findAgenda(trx, input.agendaId);
  const type = agenda?.active
    ? (await listMeetingTypes(trx, agenda.id, { activeOnly: true })).find((t) => t.id === input.meetingTypeId)
    : undefined;
  if (!agenda || !type) return undefined;
  const calendar = await loadAgendaCalendar(trx, agenda);
  const day = parisDay(input.startsAt);
  const covered = slotsCovered(calendar, type.duration_minutes);
  const step = agenda.slot_minutes * 60_000;
  const earliest = new Date(now.getTime() + agenda.min_notice_hours * 3_600_000);
  const latest = new Date(now.getTime() + agenda.horizon_days * 86_400_000);
  const open = openSlots(calendar, day, day);
  const offered = freeStarts(calendar, open, type.duration_minutes, new Map(), earliest);
  if (input.startsAt > latest || !offered.some((s) => s.getTime() === input.startsAt.getTime())) return undefined;
  const secret = newSecret();
  const booking = await insertBooking(trx, {
    ...(input.id ? { id: input.id } : {}),
    ...(input.heldUntil ? { heldUntil: input.heldUntil } : {}),
    agendaId: agenda.id,
    meetingTypeId: type.id,
    startsAt: input.startsAt,
    endsAt: new Date(input.startsAt.getTime() + type.duration_minutes * 60_000),
    userId: input.userId,
    name: input.name,
    email: input.email,
    phone: input.phone,
    manageTokenHash: secret.hash,
    at: now,
  });
  for (let i = 0; i < covered; i++) {
    const slotStart = new Date(input.startsAt.getTime() + i * step);
    const seat = { agendaId: agenda.id, slotStart, capacity: agenda.capacity, bookingId: booking.id };
    if (!(await takeSeat(trx, seat))) throw new SlotTaken();
  }
  return { booking, agenda, type, token: secret.token };
}

/**
 * Books a meeting: the slot is reserved and the confirmation leaves with its calendar file, all in one transaction:
 * when a slot has no seat left, nothing of the booking remains.
 */
export async function bookAppointment(
  services: Services,
  tenant: ResolvedTenant,
  input: Omit<ReservationInput, 'heldUntil' | 'id'>,
): Promise<BookingOutcome> {
  const now = services.clock.now();
  try {
    return await withTenant(services.db, tenant.id, async (trx) => {
      const reserved = await reserveSlot(trx, now, input);
      if (!reserved) return { ok: false as const, message: SLOT_UNAVAILABLE };
      const { booking, agenda, type, token } = reserved;
      await queueBookingMail(services, trx, tenant, { kind: 'confirmed', booking, agenda, type, token });
      return { ok: true as const, booking, token };
    });
  } catch (error) {
    if (error instanceof SlotTaken) return { ok: false, message: SLOT_TAKEN };
    throw error;
  }
}

/** Whether a slot still has room for this meeting (read before showing the confirmation form). */
export async function slotStillFree(
  services: Services,
  tenant: ResolvedTenant,
  input: { agendaId: string; durationMinutes: number; startsAt: Date },
): Promise<boolean> {
  return withTenant(services.db, tenant.id, async (trx) => {
    const agenda = await findAgenda(trx, input.agendaId);
    if (!agenda) return false;
    const calendar = await loadAgendaCalendar(trx, agenda);
    const day = parisDay(input.startsAt);
    const open = openSlots(calendar, day, day);
    const taken = await takenSeats(trx, agenda.id, input.startsAt, new Date(input.startsAt.getTime() + 86_400_000));
    return freeStarts(calendar, open, input.durationMinutes, taken, input.startsAt).some(
      (s) => s.getTime() === input.startsAt.getTime(),
    );
  });
}
