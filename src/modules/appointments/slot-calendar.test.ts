import { describe, expect, it } from 'vitest';
import { type AgendaCalendar, freeStarts, openSlots, parisInstant, publicHolidays } from './slot-calendar.ts';

const weekdays = (opens: number, closes: number) =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: opens, closesMinute: closes }));

const calendar = (over: Partial<AgendaCalendar> = {}): AgendaCalendar => ({
  slotMinutes: 30,
  capacity: 2,
  closedOnHolidays: true,
  hours: weekdays(9 * 60, 12 * 60),
  closures: [],
  ...over,
});

describe('the slots of an agenda (T16 §1)', () => {
  it('closes on French public holidays from date-holidays, and opens on them when the agenda says so', () => {
    expect(publicHolidays(2026).has('2026-12-25')).toBe(true);
    expect(publicHolidays(2026).has('2026-11-11')).toBe(true);
    // Friday 25 December 2026: Christmas; Thursday 24 is an ordinary day.
    expect(openSlots(calendar(), '2026-12-24', '2026-12-25').map((d) => d.toISOString())).toEqual([
      '2026-12-24T08:00:00.000Z',
      '2026-12-24T08:30:00.000Z',
      '2026-12-24T09:00:00.000Z',
      '2026-12-24T09:30:00.000Z',
      '2026-12-24T10:00:00.000Z',
      '2026-12-24T10:30:00.000Z',
    ]);
    expect(openSlots(calendar({ closedOnHolidays: false }), '2026-12-25', '2026-12-25')).toHaveLength(6);
    // Whit Monday 2027 (a movable feast) is closed too.
    expect(openSlots(calendar(), '2027-05-17', '2027-05-17')).toHaveLength(0);
  });

  it('closes on an administrator’s closure, from its first to its last day', () => {
    const closed = calendar({ closures: [{ firstDay: '2026-12-01', lastDay: '2026-12-02' }] });
    const days = new Set(openSlots(closed, '2026-11-30', '2026-12-04').map((d) => d.toISOString().slice(0, 10)));
    expect([...days]).toEqual(['2026-11-30', '2026-12-03', '2026-12-04']);
  });

  it('keeps opening hours in Paris time across the change to summer time', () => {
    expect(parisInstant('2027-03-26', 9 * 60).toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(parisInstant('2027-03-29', 9 * 60).toISOString()).toBe('2027-03-29T07:00:00.000Z');
  });

  it('offers a start only where every slot the meeting covers has a seat left', () => {
    const cal = calendar();
    const open = openSlots(cal, '2026-12-03', '2026-12-03');
    const nine = parisInstant('2026-12-03', 9 * 60).getTime();
    const ninethirty = nine + 30 * 60_000;
    const taken = new Map([[ninethirty, 2]]);
    const hour = freeStarts(cal, open, 60, taken, new Date(0)).map((d) => d.getTime());
    // A one-hour meeting can start neither at 9:00 nor at 9:30 (9:30 is full), nor at 11:30 (the desk closes at 12).
    expect(hour).not.toContain(nine);
    expect(hour).not.toContain(ninethirty);
    expect(hour).toHaveLength(3);
    expect(freeStarts(cal, open, 30, taken, new Date(0))).toHaveLength(5);
    expect(freeStarts(cal, open, 30, new Map([[ninethirty, 1]]), new Date(0))).toHaveLength(6);
  });
});
