import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { loadAgendaCalendar } from './agenda.repo.ts';
import { newSecret } from './appointment-format.ts';
import { SLOT_TAKEN, SLOT_UNAVAILABLE } from './book-appointment.ts';
import { findBooking, releaseSeats, takeSeat, updateBooking } from './booking.repo.ts';
import { queueBookingMail } from './booking-mail.ts';
import { type BookingKey, changeRefusal, findManagedBooking } from './managed-booking.ts';
import { freeStarts, openSlots, slotsCovered } from './slot-calendar.ts';

class SlotTaken extends Error {}

/**
 * The citizen moves their booking to another start of the same agenda: the old seats are given back and the new
 * ones taken in one transaction, so a full slot leaves the booking where it was. Only the hash of the secret link
 * is kept, so the message of the change carries a new link, and the old one stops opening the booking.
 */
export async function moveAppointment(
  services: Services,
  tenant: ResolvedTenant,
  key: BookingKey,
  startsAt: Date,
): Promise<{ ok: true; token: string } | { ok: false; message: string } | undefined> {
  const now = services.clock.now();
  try {
    return await withTenant(services.db, tenant.id, async (trx) => {
      const managed = await findManagedBooking(trx, key);
      if (!managed) return undefined;
      const refusal = changeRefusal(managed, now);
      if (refusal) return { ok: false as const, message: refusal };
      const { agenda, type, booking } = managed;
      const calendar = await loadAgendaCalendar(trx, agenda);
      const day = parisDay(startsAt);
      const earliest = new Date(now.getTime() + agenda.min_notice_hours * 3_600_000);
      const latest = new Date(now.getTime() + agenda.horizon_days * 86_400_000);
      const offered = freeStarts(calendar, openSlots(calendar, day, day), type.duration_minutes, new Map(), earliest);
      if (startsAt > latest || !offered.some((s) => s.getTime() === startsAt.getTime())) {
        return { ok: false as const, message: SLOT_UNAVAILABLE };
      }
      await releaseSeats(trx, booking.id);
      const step = agenda.slot_minutes * 60_000;
      for (let i = 0; i < slotsCovered(calendar, type.duration_minutes); i++) {
        const seat = {
          agendaId: agenda.id,
          slotStart: new Date(startsAt.getTime() + i * step),
          capacity: agenda.capacity,
          bookingId: booking.id,
        };
        if (!(await takeSeat(trx, seat))) throw new SlotTaken();
      }
      const endsAt = new Date(startsAt.getTime() + type.duration_minutes * 60_000);
      const secret = newSecret();
      await updateBooking(trx, booking.id, { startsAt, endsAt, reminderSentAt: null, manageTokenHash: secret.hash });
      const moved = (await findBooking(trx, booking.id)) ?? booking;
      await queueBookingMail(services, trx, tenant, { ...managed, booking: moved, kind: 'moved', token: secret.token });
      return { ok: true as const, token: secret.token };
    });
  } catch (error) {
    if (error instanceof SlotTaken) return { ok: false, message: SLOT_TAKEN };
    throw error;
  }
}
