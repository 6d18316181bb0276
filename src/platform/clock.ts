/**
 * Time is injected (DESIGN invariant 3): deadlines, leases, throttling windows and recurring jobs read this,
 * never `Date.now()` directly, so tests move time forward instead of waiting.
 */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests control: it stands still until told to move. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string = '2026-11-29T09:00:00Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
