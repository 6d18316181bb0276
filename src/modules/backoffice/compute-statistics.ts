import { parisDay } from '../../platform/paris-time.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { loadWorkflow, statusOf } from '../workflows/index.ts';
import { medianProcessingPerMonth, openBacklog, requestsPerServiceAndMonth } from '../requests/index.ts';

export type Month = { key: string; label: string };

export type TenantStatistics = {
  months: Month[];
  perService: Array<{ title: string; counts: number[]; total: number }>;
  monthlyTotals: number[];
  processing: Array<{ month: Month; closed: number; medianDays: number | null }>;
  backlog: Array<{ label: string; count: number; over7: number; over30: number; over90: number }>;
  backlogTotal: number;
};

const monthLabel = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const parisYearMonth = (at: Date) => parisDay(at).slice(0, 7);

/** The twelve Paris calendar months ending with the current one, oldest first. */
export function lastTwelveMonths(now: Date): Month[] {
  const [year, month] = parisYearMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (11 - i), 1));
    return { key: d.toISOString().slice(0, 7), label: monthLabel.format(d) };
  });
}

/**
 * A tenant's statistics: requests per service per month, median processing time (the wait for
 * the citizen left out), and the open backlog by status and age. Nothing personal: counts and durations only.
 */
export async function computeStatistics(services: Services, holder: ResolvedTenant): Promise<TenantStatistics> {
  const now = services.clock.now();
  const months = lastTwelveMonths(now);
  // From the first day of the oldest month, Paris time (a day early at worst: filtered by month key below).
  const since = new Date(`${months[0]?.key}-01T00:00:00Z`);
  since.setUTCDate(since.getUTCDate() - 1);
  const [perServiceRows, processingRows, backlogRows] = await withTenant(services.db, holder.id, (trx) =>
    Promise.all([requestsPerServiceAndMonth(trx, since), medianProcessingPerMonth(trx, since), openBacklog(trx, now)]),
  );
  const index = new Map(months.map((m, i) => [m.key, i]));
  const byService = new Map<string, { title: string; counts: number[] }>();
  for (const row of perServiceRows) {
    const i = index.get(row.month);
    if (i === undefined) continue;
    const entry = byService.get(row.eservice_id) ?? { title: row.title, counts: months.map(() => 0) };
    entry.counts[i] = (entry.counts[i] ?? 0) + row.count;
    byService.set(row.eservice_id, entry);
  }
  const perService = [...byService.values()]
    .map((s) => ({ ...s, total: s.counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || compareFrench(a.title, b.title));
  const processing = months.map((month) => {
    const row = processingRows.find((r) => r.month === month.key);
    return { month, closed: row?.closed ?? 0, medianDays: row ? Math.round(row.median_days * 10) / 10 : null };
  });
  const backlogByLabel = new Map<
    string,
    { label: string; count: number; over7: number; over30: number; over90: number }
  >();
  for (const row of backlogRows) {
    const workflow = await loadWorkflow(services.db, row.workflow_version_id);
    const label = statusOf(workflow, row.status)?.label ?? row.status;
    const entry = backlogByLabel.get(label) ?? { label, count: 0, over7: 0, over30: 0, over90: 0 };
    entry.count += row.count;
    entry.over7 += row.over7;
    entry.over30 += row.over30;
    entry.over90 += row.over90;
    backlogByLabel.set(label, entry);
  }
  const backlog = [...backlogByLabel.values()].sort((a, b) => b.count - a.count);
  return {
    months,
    perService,
    monthlyTotals: months.map((_, i) => perService.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0)),
    processing,
    backlog,
    backlogTotal: backlog.reduce((sum, b) => sum + b.count, 0),
  };
}
