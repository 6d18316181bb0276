import { createEvents, type EventAttributes } from 'ics';

/** Calendar files (RFC 5545) of appointments: the confirmation's attachment and the agents' feed. */
export type CalendarAppointment = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  place: string;
  description: string;
  cancelled?: boolean;
};

function toEvent(a: CalendarAppointment, host: string): EventAttributes {
  return {
    uid: `rendez-vous-${a.id}@${host}`,
    start: a.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: a.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: a.title,
    location: a.place,
    description: a.description,
    status: a.cancelled ? 'CANCELLED' : 'CONFIRMED',
    productId: 'communs/rendez-vous',
  };
}

/** One calendar holding the appointments; an empty feed is a valid calendar too. */
export function appointmentsCalendar(
  appointments: readonly CalendarAppointment[],
  options: { host: string; name: string },
): string {
  if (appointments.length === 0) {
    return [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'PRODID:communs/rendez-vous',
      'METHOD:PUBLISH',
      `X-WR-CALNAME:${options.name.replace(/[\r\n,;]/g, ' ')}`,
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  }
  const { error, value } = createEvents(
    appointments.map((a) => toEvent(a, options.host)),
    { calName: options.name },
  );
  if (error || !value) throw error ?? new Error('calendar not built');
  return value;
}
