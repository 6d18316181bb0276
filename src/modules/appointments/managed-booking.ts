import type { TenantTransaction } from '../../platform/db/tenant-scope.ts';
import { findAgenda, listMeetingTypes } from './agenda.repo.ts';
import { hashSecret } from './appointment-format.ts';
import type { Agenda, Booking, MeetingType } from './appointments.tables.ts';
import { findBooking, findBookingByTokenHash } from './booking.repo.ts';

/** How a citizen reaches their booking: the secret link of its e-mail, or their account. */
export type BookingKey = { token: string } | { userId: string; bookingId: string };

export type ManagedBooking = {
  booking: Booking;
  agenda: Agenda;
  type: MeetingType;
  types: MeetingType[];
  /** Until when the citizen may still change or cancel it. */
  changeUntil: Date;
};

export async function findManagedBooking(trx: TenantTransaction, key: BookingKey): Promise<ManagedBooking | undefined> {
  const booking =
    'token' in key
      ? await findBookingByTokenHash(trx, hashSecret(key.token))
      : await findBooking(trx, key.bookingId).then((b) => (b?.user_id === key.userId ? b : undefined));
  if (!booking) return undefined;
  const agenda = await findAgenda(trx, booking.agenda_id);
  if (!agenda) return undefined;
  const types = await listMeetingTypes(trx, agenda.id);
  const type = types.find((t) => t.id === booking.meeting_type_id);
  if (!type) return undefined;
  return {
    booking,
    agenda,
    type,
    types: types.filter((t) => t.active),
    changeUntil: new Date(booking.starts_at.getTime() - agenda.change_limit_hours * 3_600_000),
  };
}

/** Why the citizen may no longer touch the booking, if so. */
export function changeRefusal(managed: ManagedBooking, now: Date): string | undefined {
  if (managed.booking.status === 'cancelled') return 'Ce rendez-vous est déjà annulé.';
  if (managed.booking.status !== 'booked') return 'Ce rendez-vous a déjà eu lieu.';
  if (now > managed.changeUntil) {
    return `Ce rendez-vous ne peut plus être modifié ni annulé en ligne : le délai de ${managed.agenda.change_limit_hours} heure(s) avant le rendez-vous est passé. Contactez l’accueil.`;
  }
  return undefined;
}
