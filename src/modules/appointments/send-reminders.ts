import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { findAgenda, listMeetingTypes } from './agenda.repo.ts';
import { dueReminders, findBooking, updateBooking } from './booking.repo.ts';
import { queueBookingMail } from './booking-mail.ts';

/**
 * Sends the reminders that are due: each booking still on, whose start is within its agenda's reminder delay,
 * and that has had none. The mark and the message commit together, in the booking's tenant; a move clears the mark.
 */
export async function sendReminders(services: Services): Promise<number> {
  const now = services.clock.now();
  let sent = 0;
  for (const due of await dueReminders(services.db, now)) {
    const tenant = await services.tenants.byId(due.tenant_id);
    if (!tenant) continue;
    await withTenant(services.db, tenant.id, async (trx) => {
      const booking = await findBooking(trx, due.id);
      if (!booking || booking.status !== 'booked' || booking.reminder_sent_at) return;
      const agenda = await findAgenda(trx, booking.agenda_id);
      const type = agenda && (await listMeetingTypes(trx, agenda.id)).find((t) => t.id === booking.meeting_type_id);
      if (!agenda || !type) return;
      await updateBooking(trx, booking.id, { reminderSentAt: now });
      await queueBookingMail(services, trx, tenant, { kind: 'reminder', booking, agenda, type });
      sent++;
    });
  }
  return sent;
}
