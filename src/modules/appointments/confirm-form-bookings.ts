import { boundTo } from '../../platform/db/tenant-scope.ts';
import { subscribe } from '../../platform/events/domain-events.ts';
import { findAgenda, listMeetingTypes } from './agenda.repo.ts';
import { newSecret } from './appointment-format.ts';
import { findBooking, updateBooking } from './booking.repo.ts';
import { queueBookingMail } from './booking-mail.ts';
import { isAppointmentAnswer } from '../forms/index.ts';
import { findRequest, requestsSubmitted } from '../requests/index.ts';

/**
 * A request sent with appointment fields confirms the times held for them, in the transaction where the requests
 * module says it was stored: the booking takes the request's contact address and account, links to the request, and
 * the confirmation leaves with its calendar file and management link, as for a booking made on the booking pages.
 * A hold already confirmed is left as it is, so a retried follow-up sends nothing twice.
 */
export const confirmFormBookings = subscribe(requestsSubmitted, async ({ holder, requestIds }, { trx, services }) => {
  // Every request sent, including those relayed and closed at once: the citizen's time was held all the same.
  for (const requestId of requestIds) {
    const request = await findRequest(boundTo(trx, holder.id), requestId);
    if (!request) continue;
    const holds = Object.values(request.answers as Record<string, unknown>).filter(isAppointmentAnswer);
    for (const answer of holds) {
      // The hold lives with the agenda, in the form's administration (the request may be held by another).
      const tenant = await services.tenants.byId(answer.tenantId);
      const scoped = boundTo(trx, answer.tenantId);
      const booking = tenant ? await findBooking(scoped, answer.appointmentId) : undefined;
      if (!tenant || booking?.status !== 'held') continue;
      const agenda = await findAgenda(scoped, booking.agenda_id);
      const type = (await listMeetingTypes(scoped, booking.agenda_id)).find((t) => t.id === booking.meeting_type_id);
      if (!agenda || !type) continue;
      const secret = newSecret();
      const confirmed = {
        status: 'booked' as const,
        heldUntil: null,
        requestId: request.id,
        userId: request.citizen_user_id,
        name: `Demande n° ${request.number}`,
        email: request.contact_email,
        manageTokenHash: secret.hash,
      };
      await updateBooking(scoped, booking.id, confirmed);
      await queueBookingMail(services, scoped, tenant, {
        kind: 'confirmed',
        booking: {
          ...booking,
          status: 'booked',
          held_until: null,
          request_id: request.id,
          user_id: request.citizen_user_id,
          name: confirmed.name,
          email: confirmed.email,
        },
        agenda,
        type,
        token: secret.token,
      });
    }
  }
});
