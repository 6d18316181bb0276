/**
 * The Paris calendar, one for the whole application. First, calendar facts of an instant in Paris, whatever the
 * server's zone: the day a receipt, a deadline or a filter counts from, its year (request numbers restart with it),
 * its hour (digests). One formatter each, built once: formatting with Intl is costly, and the day changes only on a
 * minute boundary, so the last minute's answer is kept. Then calendar dates and their arithmetic (below).
 */
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' });

let lastMinute = Number.NaN;
let lastDay = '';

/** 'YYYY-MM-DD', the day in Paris at this instant. */
export function parisDay(at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = dayFormat.format(at);
    lastMinute = minute;
  }
  return lastDay;
}

export function parisYear(at: Date): number {
  return Number(parisDay(at).slice(0, 4));
}

/** 0–23, the hour in Paris at this instant. */
export function parisHour(at: Date): number {
  return Number(hourFormat.format(at));
}

/**
 * A calendar date, 'YYYY-MM-DD', as contracts, notices, deadlines and billing periods count: a day in Paris (the
 * day of an instant is `parisDay`). Arithmetic is done on UTC midnights so that no zone or daylight-saving change
 * can shift a date. Pure: "today" is always an argument (DESIGN invariant 3).
 */
export type CalendarDate = string;

const FRENCH_DAY = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const DAY_MS = 86_400_000;

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = toUtc(value);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toUtc(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** Same day n months later; a day the month lacks becomes its last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(year, month, Math.min(d, lastDay))));
}

/**
 * An instant n months later (or earlier), at the same time of day (UTC): the day moves as `addMonths` moves it, a day
 * the month lacks becoming its last day.
 */
export function addMonthsToInstant(at: Date, months: number): Date {
  const day = fromUtc(at);
  return new Date(toUtc(addMonths(day, months)).getTime() + (at.getTime() - toUtc(day).getTime()));
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, 12 * years);
}

/** Days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

export function daysInYear(year: number): number {
  return daysBetween(`${year}-01-01`, `${year + 1}-01-01`);
}

export function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

/** "15 octobre 2025", "1er juin 2027". */
export function formatCalendarDate(date: CalendarDate): string {
  return FRENCH_DAY.format(toUtc(date)).replace(/^1 /, '1er ');
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** '2025-10' → "octobre 2025". */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1] ?? '?'} ${y}`;
}
