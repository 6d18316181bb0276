import Holidays from 'date-holidays';
import { z } from 'zod';
import { addDays, type CalendarDate, isCalendarDate, parisDay } from '../../platform/paris-time.ts';

/**
 * The support's working time, as the agreement counts resolution deadlines: Monday to Friday, 9:00 to 17:00 in Paris,
 * French public holidays excluded (holiday data: date-holidays, CC-BY 3.0), and nothing while the ticket waits for
 * the commune. Pure functions of instants: the caller passes "now" (DESIGN invariant 3). Business-time plugins keep
 * their calendar in global state, hence this small calculator over immutable inputs.
 */
export type Interval = { from: Date; to: Date };

export const WORKING_HOUR_MS = 3_600_000;
const OPENS_AT = 9;
const CLOSES_AT = 17;
// A guard against a runaway walk (a target of a few days never needs more than a few weeks of calendar).
const MAX_DAYS = 3660;

const holidaysByYear = new Map<number, ReadonlySet<CalendarDate>>();
const frenchHolidays = new Holidays('FR');

/** The national public holidays of a year (observances such as Pentecost Sunday are not days off). */
export function publicHolidays(year: number): ReadonlySet<CalendarDate> {
  let days = holidaysByYear.get(year);
  if (!days) {
    const list = frenchHolidays.getHolidays(year) || [];
    days = new Set(list.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    holidaysByYear.set(year, days);
  }
  return days;
}

export function isWorkingDay(day: CalendarDate): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !publicHolidays(Number(day.slice(0, 4))).has(day);
}

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Paris's offset from UTC at an instant, in milliseconds (one or two hours, by daylight saving). */
function parisOffsetMs(at: number): number {
  const parts = Object.fromEntries(offsetFormat.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return asUtc - Math.floor(at / 60_000) * 60_000;
}

/** The instant a Paris wall-clock hour of a day happens (9:00 and 17:00 never fall in a daylight-saving gap). */
export function parisInstant(day: CalendarDate, hour: number): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, hour);
  const first = naive - parisOffsetMs(naive);
  return naive - parisOffsetMs(first);
}

/** The day's working window, or none on a weekend or holiday. */
function windowOf(day: CalendarDate): [number, number] | null {
  return isWorkingDay(day) ? [parisInstant(day, OPENS_AT), parisInstant(day, CLOSES_AT)] : null;
}

/** Pauses sorted and merged, as numbers. */
function merged(pauses: readonly Interval[]): Array<[number, number]> {
  const sorted = pauses
    .map((p): [number, number] => [p.from.getTime(), p.to.getTime()])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The parts of [from, to) outside every pause. */
function minusPauses(from: number, to: number, pauses: Array<[number, number]>): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let cursor = from;
  for (const [a, b] of pauses) {
    if (b <= cursor) continue;
    if (a >= to) break;
    if (a > cursor) parts.push([cursor, Math.min(a, to)]);
    cursor = Math.max(cursor, b);
    if (cursor >= to) break;
  }
  if (cursor < to) parts.push([cursor, to]);
  return parts;
}

/** Working time between two instants, pauses left out, in milliseconds. */
export function workingMsBetween(from: Date, to: Date, pauses: readonly Interval[] = []): number {
  if (to <= from) return 0;
  const paused = merged(pauses);
  let total = 0;
  const last = parisDay(to);
  let day = parisDay(from);
  for (let i = 0; i <= MAX_DAYS && day <= last; i++, day = addDays(day, 1)) {
    const window = windowOf(day);
    if (!window) continue;
    const a = Math.max(window[0], from.getTime());
    const b = Math.min(window[1], to.getTime());
    if (b <= a) continue;
    for (const [x, y] of minusPauses(a, b, paused)) total += y - x;
  }
  return total;
}

/**
 * The instant when `ms` of working time after `from` will have passed, the known pauses left out (a pause still
 * running is given with the end the caller assumes). Zero working time from an instant outside working hours is
 * that instant.
 */
export function addWorkingMs(from: Date, ms: number, pauses: readonly Interval[] = []): Date {
  if (ms <= 0) return from;
  const paused = merged(pauses);
  let left = ms;
  let day = parisDay(from);
  for (let i = 0; i <= MAX_DAYS; i++, day = addDays(day, 1)) {
    const window = windowOf(day);
    if (!window) continue;
    const a = Math.max(window[0], from.getTime());
    if (window[1] <= a) continue;
    for (const [x, y] of minusPauses(a, window[1], paused)) {
      if (y - x >= left) return new Date(x + left);
      left -= y - x;
    }
  }
  throw new Error('working time beyond ten years');
}

const ZTime = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3])[:h]([0-5]\d)$/, 'Saisissez une heure comme 20:00');

/** A Paris date and hour typed in a form, as an instant; undefined when either is missing or wrong. */
export function parisDateTime(day: string | undefined, time: string | undefined): Date | undefined {
  if (!day || !isCalendarDate(day)) return undefined;
  const parsed = ZTime.safeParse(time ?? '');
  if (!parsed.success) return undefined;
  const [, h, m] = /^(\d+)[:h](\d+)$/.exec(parsed.data) ?? [];
  return new Date(parisInstant(day, Number(h)) + Number(m) * 60_000);
}
