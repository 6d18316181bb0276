/**
 * Calendar facts of an instant in Paris, whatever the server's zone: the day a receipt, a deadline or a filter counts
 * from, its year (request numbers restart with it), its hour (digests). One formatter each, built once: formatting
 * with Intl is costly, and the day changes only on a minute boundary, so the last minute's answer is kept.
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
