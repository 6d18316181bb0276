import type { AppointmentHold, AppointmentSlots } from '../../platform/app-module/app-module.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findAgenda, listAgendas, listMeetingTypes } from './agenda.repo.ts';
import { formatWhen } from './appointment-format.ts';
import type { Agenda, Booking, MeetingType } from './appointments.tables.ts';
import { reserveSlot, SLOT_TAKEN, SLOT_UNAVAILABLE, SlotTaken } from './book-appointment.ts';
import { deleteHold, expiredHolds, findBooking, updateBooking } from './booking.repo.ts';
import { listFreeSlots } from './list-free-slots.ts';

/** How long a time chosen in a form is kept for the citizen: long enough to finish a form, renewed at each page. */
export const HOLD_MINUTES = 30;

export const HOLD_LOST =
  'L’horaire que vous aviez choisi ne vous est plus réservé et une autre personne l’a pris entre-temps. Choisissez un autre horaire.';

const holdOf = (booking: Booking, agenda: Agenda, type: MeetingType, heldUntil: Date): AppointmentHold => ({
  appointmentId: booking.id,
  startsAt: booking.starts_at,
  heldUntil,
  label: `${formatWhen(booking.starts_at)} — ${type.name}, ${agenda.desk}, ${agenda.place}`,
});

/**
 * What a form's appointment field asks of this module (through the descriptor: forms is below it). A hold is a
 * booking with status `held`, with its seats: the seats' primary key that stops a double booking stops two holds
 * of the last seat the same way. It is nobody's appointment yet: no mail, no link; the request confirms it.
 */
export const appointmentSlots: AppointmentSlots = {
  async agendas(services, tenantId) {
    return withTenant(services.db, tenantId, async (trx) => {
      const agendas = await listAgendas(trx, { activeOnly: true });
      const bookable = [];
      for (const agenda of agendas) {
        const types = await listMeetingTypes(trx, agenda.id, { activeOnly: true });
        bookable.push({
          id: agenda.id,
          name: agenda.name,
          meetingTypes: types.map((t) => ({ id: t.id, name: t.name })),
        });
      }
      return bookable;
    });
  },

  async offer(services, tenantId, booking) {
    const tenant = await services.tenants.byId(tenantId);
    const free = tenant ? await listFreeSlots(services, tenant, booking.agendaId, booking.meetingTypeId) : undefined;
    if (!free?.type || free.type.id !== booking.meetingTypeId) return undefined;
    return {
      title: `${free.type.name} (${free.type.duration_minutes} min) — ${free.agenda.desk}, ${free.agenda.place}.`,
      days: free.days,
    };
  },

  async hold(services, tenantId, input) {
    const now = services.clock.now();
    const heldUntil = new Date(now.getTime() + HOLD_MINUTES * 60_000);
    try {
      return await withTenant(services.db, tenantId, async (trx) => {
        // The earlier hold goes in the same transaction: if the new time is taken, the citizen keeps the old one.
        if (input.replacing) await deleteHold(trx, input.replacing);
        const reserved = await reserveSlot(trx, now, { ...input, ...NOBODY, heldUntil });
        if (!reserved) return { ok: false as const, message: SLOT_UNAVAILABLE };
        return { ok: true as const, hold: holdOf(reserved.booking, reserved.agenda, reserved.type, heldUntil) };
      });
    } catch (error) {
      if (error instanceof SlotTaken) return { ok: false, message: SLOT_TAKEN };
      throw error;
    }
  },

  async renew(services, tenantId, input) {
    const now = services.clock.now();
    const heldUntil = new Date(now.getTime() + HOLD_MINUTES * 60_000);
    try {
      return await withTenant(services.db, tenantId, async (trx) => {
        const booking = await findBooking(trx, input.appointmentId);
        if (booking?.status === 'cancelled') return { ok: false as const, message: HOLD_LOST };
        if (booking) {
          const agenda = await findAgenda(trx, booking.agenda_id);
          const type = (await listMeetingTypes(trx, booking.agenda_id)).find((t) => t.id === booking.meeting_type_id);
          if (!agenda || !type) return { ok: false as const, message: SLOT_UNAVAILABLE };
          if (booking.status === 'held') await updateBooking(trx, booking.id, { heldUntil });
          return { ok: true as const, hold: holdOf(booking, agenda, type, heldUntil) };
        }
        // Released when its time ran out: taken again under the same id (the draft's answer names it), if free.
        const reserved = await reserveSlot(trx, now, { ...input, ...NOBODY, heldUntil, id: input.appointmentId });
        if (!reserved) return { ok: false as const, message: HOLD_LOST };
        return { ok: true as const, hold: holdOf(reserved.booking, reserved.agenda, reserved.type, heldUntil) };
      });
    } catch (error) {
      if (error instanceof SlotTaken) return { ok: false, message: HOLD_LOST };
      throw error;
    }
  },
};

/** A hold names nobody yet: the request it is sent with gives who comes and where to write. */
const NOBODY = { userId: null, name: '', email: '', phone: null };

/** Gives back the seats of holds whose time ran out (abandoned forms): a recurring job, on the injected clock. */
export async function releaseExpiredHolds(services: Services): Promise<number> {
  const now = services.clock.now();
  const expired = await expiredHolds(services.db, now);
  for (const hold of expired) {
    await withTenant(services.db, hold.tenant_id, (trx) => deleteHold(trx, hold.id, { expiredBy: now }));
  }
  return expired.length;
}
