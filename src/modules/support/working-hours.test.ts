import { describe, expect, it } from 'vitest';
import { pausesOf, slaState } from './sla.ts';
import { addWorkingMs, isWorkingDay, WORKING_HOUR_MS, workingMsBetween } from './working-hours.ts';

const H = WORKING_HOUR_MS;
const at = (iso: string) => new Date(iso);

// Instants are written in UTC: Paris is UTC+1 in winter, UTC+2 in summer.
describe('the working-hour calculator (issue 16 §4, §7)', () => {
  it('counts nothing over a weekend: Friday 16:00 to Monday 10:00 is two working hours', () => {
    // Friday 6 and Monday 9 November 2026, winter time.
    expect(workingMsBetween(at('2026-11-06T15:00:00Z'), at('2026-11-09T09:00:00Z'))).toBe(2 * H);
  });

  it('skips Easter Monday: Thursday 2 April 16:00 to Tuesday 7 April 10:00 is one day and two hours', () => {
    expect(isWorkingDay('2026-04-06')).toBe(false);
    expect(isWorkingDay('2026-04-03')).toBe(true); // Good Friday is a holiday only in Alsace-Moselle
    expect(workingMsBetween(at('2026-04-02T14:00:00Z'), at('2026-04-07T08:00:00Z'))).toBe(10 * H);
  });

  it('skips 14 July, a Tuesday in 2026', () => {
    expect(isWorkingDay('2026-07-14')).toBe(false);
    expect(workingMsBetween(at('2026-07-13T14:00:00Z'), at('2026-07-15T08:00:00Z'))).toBe(2 * H);
  });

  it('puts the deadline of a blocking ticket qualified before a holiday after it', () => {
    // Qualified Monday 13 July at 14:00 Paris: 3 h that day, none on the 14th, 5 h on the 15th → 14:00 Paris.
    expect(addWorkingMs(at('2026-07-13T12:00:00Z'), 8 * H).toISOString()).toBe('2026-07-15T12:00:00.000Z');
    // A major one (24 h = 3 working days) from Thursday 30 April 9:00: 1 May (Friday) is a holiday.
    expect(addWorkingMs(at('2026-04-30T07:00:00Z'), 24 * H).toISOString()).toBe('2026-05-05T15:00:00.000Z');
  });

  it('counts a ticket opened at night or on a Saturday from the next opening', () => {
    expect(addWorkingMs(at('2026-11-07T10:00:00Z'), 1 * H).toISOString()).toBe('2026-11-09T09:00:00.000Z');
    expect(workingMsBetween(at('2026-11-09T05:00:00Z'), at('2026-11-09T20:00:00Z'))).toBe(8 * H);
  });

  it('leaves out the time spent waiting for the commune', () => {
    // Monday 9 November 9:00–17:00, waiting from 10:00 to 14:00 Paris.
    const pause = { from: at('2026-11-09T09:00:00Z'), to: at('2026-11-09T13:00:00Z') };
    expect(workingMsBetween(at('2026-11-09T08:00:00Z'), at('2026-11-09T16:00:00Z'), [pause])).toBe(4 * H);
    // A pause over the night and the weekend costs only the working hours it covers.
    const long = { from: at('2026-11-06T15:00:00Z'), to: at('2026-11-09T09:00:00Z') };
    expect(workingMsBetween(at('2026-11-06T08:00:00Z'), at('2026-11-09T16:00:00Z'), [long])).toBe(14 * H);
    expect(addWorkingMs(at('2026-11-09T08:00:00Z'), 8 * H, [pause]).toISOString()).toBe('2026-11-10T12:00:00.000Z');
  });

  it('keeps 9:00–17:00 in Paris across the daylight-saving changes', () => {
    // Autumn: Friday 23 October 16:00 (UTC+2) to Monday 26 October 10:00 (UTC+1).
    expect(workingMsBetween(at('2026-10-23T14:00:00Z'), at('2026-10-26T09:00:00Z'))).toBe(2 * H);
    expect(addWorkingMs(at('2026-10-22T07:00:00Z'), 24 * H).toISOString()).toBe('2026-10-26T16:00:00.000Z');
    // Spring: Friday 27 March 16:00 (UTC+1) to Monday 30 March 10:00 (UTC+2).
    expect(workingMsBetween(at('2026-03-27T15:00:00Z'), at('2026-03-30T08:00:00Z'))).toBe(2 * H);
  });

  it('rounds nothing: minutes count', () => {
    expect(workingMsBetween(at('2026-11-09T08:00:00Z'), at('2026-11-09T08:17:00Z'))).toBe(17 * 60_000);
  });
});

describe('a ticket against its target (issue 16 §4)', () => {
  const qualifiedAt = at('2026-11-09T08:00:00Z'); // Monday 9:00 Paris
  it('has no clock before qualification and no commitment for a minor incident', () => {
    expect(slaState({ severity: null, qualifiedAt: null, resolvedAt: null, pauses: [] }, qualifiedAt).status).toBe(
      'a_qualifier',
    );
    expect(
      slaState({ severity: 'mineur', qualifiedAt, resolvedAt: null, pauses: [] }, at('2026-12-01T08:00:00Z')).status,
    ).toBe('sans_engagement');
  });

  it('warns with a quarter of the target left, then reports the breach', () => {
    const open = { severity: 'bloquant' as const, qualifiedAt, resolvedAt: null, pauses: [] };
    expect(slaState(open, at('2026-11-09T12:00:00Z')).status).toBe('en_cours');
    expect(slaState(open, at('2026-11-09T14:30:00Z')).status).toBe('alerte');
    expect(slaState(open, at('2026-11-09T14:30:00Z')).dueAt?.toISOString()).toBe('2026-11-09T16:00:00.000Z');
    expect(slaState(open, at('2026-11-10T08:30:00Z')).status).toBe('depasse');
  });

  it('suspends the clock while the ticket waits for the commune', () => {
    const history = [
      { at: at('2026-11-09T08:00:00Z'), status: 'en_cours' },
      { at: at('2026-11-09T10:00:00Z'), status: 'attente_commune' },
    ];
    const waiting = { severity: 'bloquant' as const, qualifiedAt, resolvedAt: null, pauses: pausesOf(history) };
    const state = slaState(waiting, at('2026-11-12T10:00:00Z'));
    expect(state.status).toBe('en_pause');
    expect(state.elapsedMs).toBe(2 * H);
    const resumed = pausesOf([...history, { at: at('2026-11-12T08:00:00Z'), status: 'en_cours' }]);
    const done = slaState(
      { ...waiting, pauses: resumed, resolvedAt: at('2026-11-12T13:00:00Z') },
      at('2026-11-12T13:00:00Z'),
    );
    expect(done).toMatchObject({ status: 'respecte', elapsedMs: 7 * H });
  });
});
