import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { instanceBase } from '../../platform/http/render.tsx';
import { emailJob } from '../../platform/mail/send-mail.job.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { formatWhen } from './appointment-format.ts';
import { appointmentsCalendar } from './appointment-ics.ts';
import type { Agenda, Booking, MeetingType } from './appointments.tables.ts';
import { planSms } from '../requests/index.ts';
import { mobileNumber } from './mobile-number.ts';

export type BookingMailKind = 'confirmed' | 'moved' | 'cancelled' | 'reminder';

const SUBJECTS: Record<BookingMailKind, string> = {
  confirmed: 'Rendez-vous confirmé',
  moved: 'Rendez-vous déplacé',
  cancelled: 'Rendez-vous annulé',
  reminder: 'Rappel de votre rendez-vous',
};

/**
 * The citizen's messages about a booking, enqueued in the caller's transaction: the booking and its message commit
 * together. Confirmations and changes carry the appointment as a calendar file and the secret link to manage it
 * (a new link each time: the token is stored hashed, so only a message can carry it). A reminder also leaves by SMS
 * when the citizen gave a mobile number.
 */
export async function queueBookingMail(
  services: Services,
  trx: Transaction<DB>,
  tenant: ResolvedTenant,
  message: { kind: BookingMailKind; booking: Booking; agenda: Agenda; type: MeetingType; token?: string },
): Promise<void> {
  const { booking, agenda, type, kind } = message;
  const when = formatWhen(booking.starts_at);
  const manageUrl = message.token
    ? `${services.config.publicUrl}${instanceBase(tenant)}/rendez-vous/gerer/${message.token}`
    : undefined;
  const lines: Record<BookingMailKind, string> = {
    confirmed: `Votre rendez-vous « ${type.name} » est confirmé le ${when}.`,
    moved: `Votre rendez-vous « ${type.name} » est déplacé au ${when}.`,
    cancelled: `Votre rendez-vous « ${type.name} » du ${when} est annulé.`,
    reminder: `Nous vous rappelons votre rendez-vous « ${type.name} » le ${when}.`,
  };
  const paragraphs = [lines[kind], `Lieu : ${agenda.desk}, ${agenda.place}.`];
  // A booking made in a form is named after its request: the request's number says what it is for.
  if (booking.request_id)
    paragraphs.push(`Ce rendez-vous accompagne votre ${booking.name.replace(/^Demande/, 'demande')}.`);
  if (kind !== 'cancelled') {
    paragraphs.push(
      `Vous pouvez le déplacer ou l’annuler jusqu’à ${agenda.change_limit_hours} heure(s) avant, depuis votre espace ou par le lien ci-dessous.`,
    );
  }
  const host = new URL(services.config.publicUrl).hostname || 'communs.localhost';
  const attachments =
    kind === 'confirmed' || kind === 'moved' || kind === 'cancelled'
      ? [
          {
            filename: 'rendez-vous.ics',
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            content: appointmentsCalendar(
              [
                {
                  id: booking.id,
                  startsAt: booking.starts_at,
                  endsAt: booking.ends_at,
                  title: `${type.name} – ${agenda.desk}`,
                  place: agenda.place,
                  description: `Rendez-vous pris auprès de ${tenant.name}.`,
                  cancelled: kind === 'cancelled',
                },
              ],
              { host, name: tenant.name },
            ),
          },
        ]
      : [];
  const planned = [
    emailJob({
      to: booking.email,
      tenantId: tenant.id,
      dedupeKey: `appointment:${booking.id}:${kind}:${booking.starts_at.toISOString()}`,
      attachments,
      content: {
        subject: `${SUBJECTS[kind]} : ${agenda.desk}, ${when}`,
        greeting: booking.request_id ? 'Bonjour,' : `Bonjour ${booking.name},`,
        paragraphs,
        ...(manageUrl ? { action: { label: 'Gérer mon rendez-vous', url: manageUrl } } : {}),
        signature: tenant.name,
      },
    }),
  ];
  const mobile = mobileNumber(booking.phone);
  if (kind === 'reminder' && mobile) {
    planned.push(
      planSms(
        { to: mobile, text: `${tenant.name} : rappel de votre rendez-vous ${type.name} le ${when}, ${agenda.place}.` },
        { tenantId: tenant.id, dedupeKey: `appointment:${booking.id}:sms-reminder` },
      ),
    );
  }
  await services.jobs.enqueueAll(trx, planned);
}
