import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisDay } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { findAgenda, listMeetingTypes, loadAgendaCalendar } from './agenda.repo.ts';
import type { Agenda, MeetingType } from './appointments.tables.ts';
import { takenSeats } from './booking.repo.ts';
import { type AgendaCalendar, freeStarts, nextDay, openSlots } from './slot-calendar.ts';

export type FreeSlots = {
  agenda: Agenda;
  types: MeetingType[];
  type: MeetingType | undefined;
  /** Each bookable day with its free starts, in order. */
  days: Array<{ day: string; starts: Date[] }>;
};

/**
 * The free starts of an agenda for one meeting type, from now (plus the agenda's notice) to its horizon: the open
 * slots of the period, less those whose seats are all held, in one read of the seats.
 */
export async function listFreeSlots(
  services: Services,
  tenant: ResolvedTenant,
  agendaId: string,
  meetingTypeId: string | undefined,
): Promise<FreeSlots | undefined> {
  const now = services.clock.now();
  return withTenant(services.db, tenant.id, async (trx) => {
    const agenda = await findAgenda(trx, agendaId);
    if (!agenda?.active) return undefined;
    const types = await listMeetingTypes(trx, agenda.id, { activeOnly: true });
    const type = types.find((t) => t.id === meetingTypeId) ?? (types.length === 1 ? types[0] : undefined);
    if (!type) return { agenda, types, type, days: [] };
    const calendar = await loadAgendaCalendar(trx, agenda);
    const from = parisDay(now);
    const to = nextDay(from, agenda.horizon_days);
    const taken = await takenSeats(
      trx,
      agenda.id,
      now,
      new Date(now.getTime() + (agenda.horizon_days + 2) * 86_400_000),
    );
    return { agenda, types, type, days: freeDays(calendar, type.duration_minutes, taken, { now, from, to, agenda }) };
  });
}

/** The free starts between two days, grouped by day (pure: the benchmark measures this with the seats' read). */
export function freeDays(
  calendar: AgendaCalendar,
  durationMinutes: number,
  taken: ReadonlyMap<number, number>,
  range: { now: Date; from: string; to: string; agenda: Pick<Agenda, 'min_notice_hours'> },
): Array<{ day: string; starts: Date[] }> {
  const earliest = new Date(range.now.getTime() + range.agenda.min_notice_hours * 3_600_000);
  const latest = new Date(
    range.now.getTime() + (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)),
  );
  const days = new Map<string, Date[]>();
  for (const start of freeStarts(
    calendar,
    openSlots(calendar, range.from, range.to),
    durationMinutes,
    taken,
    earliest,
  )) {
    if (start > latest) break;
    const day = parisDay(start);
    const list = days.get(day) ?? [];
    list.push(start);
    days.set(day, list);
  }
  return [...days].map(([day, starts]) => ({ day, starts }));
}
