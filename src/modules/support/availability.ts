import { sql } from 'kysely';
import { z } from 'zod';
import { defineRecurringJob } from '../../platform/jobs/job-definition.ts';
import { addMonths, type CalendarDate } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { firstProbeAt, listMaintenanceOverlapping, listProbes, recordProbe } from './availability.repo.ts';
import { parisInstant } from './working-hours.ts';

/** The agreement's availability commitment, planned maintenance excluded. */
export const AVAILABILITY_GOAL = 0.999;
const MINUTE = 60_000;
/** A probe slower than this counts as a failure: a page that takes this long is not available to a person. */
const SLOW_MS = 5_000;

/**
 * Checks what every page needs: the database answers, and the tenant directory is readable. Recorded once per minute
 * slot (the slot is the key), whichever worker runs it.
 */
export async function probeOnce(services: Services, slot: Date): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  let detail = '';
  let ok = true;
  try {
    await sql`SELECT 1`.execute(services.db);
    await services.tenants.metropole();
  } catch (error) {
    ok = false;
    detail = error instanceof Error ? error.message.slice(0, 200) : 'échec';
  }
  const latencyMs = Math.round(performance.now() - started);
  if (ok && latencyMs > SLOW_MS) {
    ok = false;
    detail = `réponse en ${latencyMs} ms`;
  }
  await recordProbe(services.db, { at: slot, ok, latencyMs, detail });
  return { ok, latencyMs };
}

export const probeJob = defineRecurringJob({
  name: 'support.probe',
  everyMinutes: 1,
  schema: z.object({ slot: z.string() }),
  async handler({ slot }, { services }) {
    await probeOnce(services, new Date(slot));
  },
});

export type MonthAvailability = {
  month: string;
  /** Minutes measured: the month so far, from the first probe ever, maintenance windows left out. */
  measuredMinutes: number;
  downMinutes: number;
  maintenanceMinutes: number;
  availability: number | null;
  meetsGoal: boolean | null;
};

/**
 * A month's availability, minute by minute: a minute is available when its probe succeeded; a minute with no probe
 * counts as unavailable (the probe runs inside the platform: no probe is the platform down), except before the first
 * probe ever (not measured yet). Minutes inside a planned maintenance window are left out, as the agreement says.
 */
export async function monthAvailability(services: Services, month: string): Promise<MonthAvailability> {
  const first: CalendarDate = `${month}-01`;
  const now = services.clock.now().getTime();
  const monthStart = parisInstant(first, 0);
  const monthEnd = Math.min(parisInstant(addMonths(first, 1), 0), Math.floor(now / MINUTE) * MINUTE);
  const since = (await firstProbeAt(services.db))?.getTime();
  const start = since === undefined ? monthEnd : Math.max(monthStart, Math.floor(since / MINUTE) * MINUTE);
  const empty = {
    month,
    measuredMinutes: 0,
    downMinutes: 0,
    maintenanceMinutes: 0,
    availability: null,
    meetsGoal: null,
  };
  if (start >= monthEnd) return empty;
  const [probes, windows] = await Promise.all([
    listProbes(services.db, new Date(start), new Date(monthEnd)),
    listMaintenanceOverlapping(services.db, new Date(start), new Date(monthEnd)),
  ]);
  const up = new Set(probes.filter((p) => p.ok).map((p) => Math.floor(p.at.getTime() / MINUTE)));
  const planned = windows.map((w) => [w.starts_at?.getTime() ?? 0, w.ends_at?.getTime() ?? 0] as const);
  let measured = 0;
  let down = 0;
  let maintenance = 0;
  for (let t = start; t < monthEnd; t += MINUTE) {
    if (planned.some(([a, b]) => t >= a && t < b)) {
      maintenance++;
      continue;
    }
    measured++;
    if (!up.has(t / MINUTE)) down++;
  }
  const availability = measured ? (measured - down) / measured : null;
  return {
    month,
    measuredMinutes: measured,
    downMinutes: down,
    maintenanceMinutes: maintenance,
    availability,
    meetsGoal: availability === null ? null : availability >= AVAILABILITY_GOAL,
  };
}

/** The current month and the two before it, most recent first ('YYYY-MM'). */
export function recentMonths(today: CalendarDate, count = 3): string[] {
  const first = `${today.slice(0, 7)}-01`;
  return Array.from({ length: count }, (_, i) => addMonths(first, -i).slice(0, 7));
}
