import { describe, expect, it } from 'vitest';
import { formatCalendarDate, parisDay, parisHour, parisYear } from './paris-time.ts';

describe('Paris calendar of an instant', () => {
  it('turns the day at Paris midnight, in winter and in summer time, whatever the previous call', () => {
    expect(parisDay(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(parisDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(parisYear(new Date('2026-12-31T23:00:00Z'))).toBe(2027);
    expect(parisDay(new Date('2026-07-14T21:59:59Z'))).toBe('2026-07-14');
    expect(parisDay(new Date('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
    // The same minute twice, then an earlier one: the kept answer serves only its own minute.
    expect(parisDay(new Date('2026-07-14T22:00:30Z'))).toBe('2026-07-15');
    expect(parisDay(new Date('2026-07-14T21:59:30Z'))).toBe('2026-07-14');
  });

  it('gives the hour in Paris across the change to summer time', () => {
    expect(parisHour(new Date('2026-03-29T00:59:00Z'))).toBe(1);
    expect(parisHour(new Date('2026-03-29T01:00:00Z'))).toBe(3);
  });
});

describe('calendar dates', () => {
  it('reads the day in Paris, whatever the server’s zone', () => {
    expect(parisDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisDay(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(parisDay(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
  it('writes dates the French way', () => {
    expect(formatCalendarDate('2027-06-01')).toBe('1er juin 2027');
    expect(formatCalendarDate('2027-10-19')).toBe('19 octobre 2027');
  });
});
