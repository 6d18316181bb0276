import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listAgendas } from './agenda.repo.ts';
import type { Agenda } from './appointments.tables.ts';
import { type AgendaStatistics, type BookingLine, bookingStatistics, listBookingsBetween } from './booking.repo.ts';
import { nextDay, parisInstant } from './slot-calendar.ts';

/** The agents' day: every booking of a Paris day, one agenda or all. */
export async function loadDay(
  services: Services,
  tenant: ResolvedTenant,
  day: string,
  agendaId: string | undefined,
): Promise<{ agendas: Agenda[]; bookings: BookingLine[] }> {
  return withTenant(services.db, tenant.id, async (trx) => {
    const agendas = await listAgendas(trx);
    const bookings = await listBookingsBetween(trx, {
      from: parisInstant(day, 0),
      to: parisInstant(nextDay(day), 0),
      ...(agendaId && agendas.some((a) => a.id === agendaId) ? { agendaId } : {}),
    });
    return { agendas, bookings };
  });
}

export type StatisticsLine = AgendaStatistics & { noShowRate: number | null };

/**
 * Per agenda, from the first to the last day included: bookings, cancellations, attendance; the no-show rate is
 * counted over the appointments whose outcome was noted (a booking still "booked" after its day counts as
 * not noted, not as present).
 */
export async function loadStatistics(
  services: Services,
  tenant: ResolvedTenant,
  firstDay: string,
  lastDay: string,
): Promise<StatisticsLine[]> {
  return withTenant(services.db, tenant.id, async (trx) => {
    const lines = await bookingStatistics(trx, parisInstant(firstDay, 0), parisInstant(nextDay(lastDay), 0));
    return lines.map((l) => {
      const noted = l.checked_in + l.no_show;
      return { ...l, noShowRate: noted === 0 ? null : l.no_show / noted };
    });
  });
}
