import Holidays from 'date-holidays';

/**
 * The pure arithmetic of an agenda: which slots its opening hours give, day by day in Paris, less its closures and
 * (when it closes on them) the French public holidays; and which of them still have room for a meeting of a given
 * length. "Now" and the bookings are arguments, so the same function serves the public pages, the booking's own
 * check and the benchmark.
 */
export type AgendaCalendar = {
  slotMinutes: number;
  capacity: number;
  closedOnHolidays: boolean;
  hours: ReadonlyArray<{ weekday: number; opensMinute: number; closesMinute: number }>;
  closures: ReadonlyArray<{ firstDay: string; lastDay: string }>;
};

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// Metropolitan France's public holidays (date-holidays, data under CC-BY-SA 3.0); Alsace-Moselle's two extra days
// do not concern the metropolis of Lyon.
const french = new Holidays('FR');
const holidaysByYear = new Map<number, ReadonlySet<string>>();

/** The French public holidays of a year, as 'YYYY-MM-DD'. */
export function publicHolidays(year: number): ReadonlySet<string> {
  let days = holidaysByYear.get(year);
  if (!days) {
    days = new Set(
      french
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, days);
  }
  return days;
}

export function holidayName(day: string): string | undefined {
  const found = french.isHoliday(new Date(`${day}T12:00:00Z`));
  return found ? found.find((h) => h.type === 'public')?.name : undefined;
}

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Paris',
  timeZoneName: 'longOffset',
});
const offsetByDay = new Map<string, number>();

/**
 * Paris's offset from UTC on a day, in minutes, read at noon: desks open in the day, and the clocks change at 2 or 3
 * in the morning, so noon's offset is the one of every opening hour.
 */
function parisOffsetMinutes(day: string): number {
  let offset = offsetByDay.get(day);
  if (offset === undefined) {
    const name = offsetFormat.formatToParts(new Date(`${day}T12:00:00Z`)).find((p) => p.type === 'timeZoneName');
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name?.value ?? '');
    offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    offsetByDay.set(day, offset);
  }
  return offset;
}

/** The instant of a Paris day's minute (9 h 30 → 570). */
export function parisInstant(day: string, minute: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + (minute - parisOffsetMinutes(day)) * MINUTE_MS);
}

/** Minutes after midnight in Paris of an instant on a given Paris day. */
export function parisMinuteOf(at: Date, day: string): number {
  return Math.round((at.getTime() - Date.parse(`${day}T00:00:00Z`)) / MINUTE_MS) + parisOffsetMinutes(day);
}

export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function nextDay(day: string, days = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Why a day is closed, if it is. */
export function closedBecause(calendar: AgendaCalendar, day: string): string | undefined {
  if (calendar.closures.some((c) => c.firstDay <= day && day <= c.lastDay)) return 'fermeture';
  if (calendar.closedOnHolidays && publicHolidays(Number(day.slice(0, 4))).has(day)) return 'jour férié';
  return undefined;
}

/** The start of every slot the opening hours give from `firstDay` to `lastDay` included, in order. */
export function openSlots(calendar: AgendaCalendar, firstDay: string, lastDay: string): Date[] {
  const slots: Date[] = [];
  const byWeekday = new Map<number, Array<{ opensMinute: number; closesMinute: number }>>();
  for (const h of calendar.hours) byWeekday.set(h.weekday, [...(byWeekday.get(h.weekday) ?? []), h]);
  for (const ranges of byWeekday.values()) ranges.sort((a, b) => a.opensMinute - b.opensMinute);
  for (let day = firstDay; day <= lastDay; day = nextDay(day)) {
    const ranges = byWeekday.get(isoWeekday(day));
    if (!ranges || closedBecause(calendar, day)) continue;
    for (const range of ranges) {
      for (let m = range.opensMinute; m + calendar.slotMinutes <= range.closesMinute; m += calendar.slotMinutes) {
        slots.push(parisInstant(day, m));
      }
    }
  }
  return slots;
}

/** How many slots a meeting of this length covers. */
export function slotsCovered(calendar: Pick<AgendaCalendar, 'slotMinutes'>, durationMinutes: number): number {
  return Math.max(1, Math.ceil(durationMinutes / calendar.slotMinutes));
}

/**
 * The starts where a meeting of `durationMinutes` fits: every slot it covers is open and has a seat left, and it
 * starts no earlier than `earliest`. `taken` counts the seats held per slot start (epoch milliseconds).
 */
export function freeStarts(
  calendar: AgendaCalendar,
  open: readonly Date[],
  durationMinutes: number,
  taken: ReadonlyMap<number, number>,
  earliest: Date,
): Date[] {
  const step = calendar.slotMinutes * MINUTE_MS;
  const covered = slotsCovered(calendar, durationMinutes);
  const openSet = new Set(open.map((d) => d.getTime()));
  const free: Date[] = [];
  for (const start of open) {
    const t = start.getTime();
    if (t < earliest.getTime()) continue;
    let fits = true;
    for (let i = 0; i < covered && fits; i++) {
      const slot = t + i * step;
      fits = openSet.has(slot) && (taken.get(slot) ?? 0) < calendar.capacity;
    }
    if (fits) free.push(start);
  }
  return free;
}
