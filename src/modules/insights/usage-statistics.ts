import { withTenant } from '../../platform/db/tenant-scope.ts';
import { parisYear } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { compareFrench } from '../../platform/views/format.ts';
import { requestsPerServiceAndMonth } from '../requests/index.ts';
import { type ProtectedTable, protectSmallCounts } from './small-counts.ts';

export const QUARTERS = ['1er trimestre', '2e trimestre', '3e trimestre', '4e trimestre'] as const;

/** One table of the usage statistics: counts of requests sent, by row and quarter, small counts protected. */
export type UsageTable = { caption: string; rowHeader: string; rows: string[]; table: ProtectedTable };

export type CommuneUsage = { commune: ResolvedTenant; byService: Map<string, number[]> };

/** The years a reader may choose: the current one and the four before it. */
export function selectableYears(services: Services): number[] {
  const year = parisYear(services.clock.now());
  return [year, year - 1, year - 2, year - 3, year - 4];
}

/**
 * Requests sent online in a year to each of the given communes, by service and quarter (Paris time): counts only,
 * read through the requests module, never a request itself.
 */
export async function usageOfCommunes(
  services: Services,
  communes: readonly ResolvedTenant[],
  year: number,
): Promise<CommuneUsage[]> {
  // From the last day of the year before (Paris months are filtered by their key below).
  const since = new Date(Date.UTC(year - 1, 11, 31));
  const usage: CommuneUsage[] = [];
  for (const commune of communes) {
    const rows = await withTenant(services.db, commune.id, (trx) => requestsPerServiceAndMonth(trx, since));
    const byService = new Map<string, number[]>();
    for (const row of rows) {
      const [rowYear, month] = row.month.split('-').map(Number) as [number, number];
      if (rowYear !== year) continue;
      const counts = byService.get(row.title) ?? [0, 0, 0, 0];
      const quarter = Math.floor((month - 1) / 3);
      counts[quarter] = (counts[quarter] ?? 0) + row.count;
      byService.set(row.title, counts);
    }
    usage.push({ commune, byService });
  }
  return usage;
}

/** The production communes, in French order. */
export async function productionCommunes(services: Services): Promise<ResolvedTenant[]> {
  return (await services.tenants.all())
    .filter((t) => t.kind === 'commune' && !t.isTestInstance)
    .sort((a, b) => compareFrench(a.name, b.name));
}

function tableOf(caption: string, rowHeader: string, entries: Array<[string, number[]]>): UsageTable {
  const sorted = [...entries].sort(([a], [b]) => compareFrench(a, b));
  return {
    caption,
    rowHeader,
    rows: sorted.map(([label]) => label),
    table: protectSmallCounts(sorted.map(([, counts]) => counts)),
  };
}

/** A commune's own table: its services by quarter. */
export function communeTable(usage: CommuneUsage, year: number): UsageTable {
  return tableOf(
    `Demandes en ligne reçues par ${usage.commune.name} en ${year}, par démarche et par trimestre`,
    'Démarche',
    [...usage.byService],
  );
}

/** The metropolis's tables for the yearly round table: communes by quarter, and services by quarter. */
export function metropolisTables(
  usage: CommuneUsage[],
  year: number,
): { byCommune: UsageTable; byService: UsageTable } {
  const byService = new Map<string, number[]>();
  for (const entry of usage)
    for (const [title, counts] of entry.byService) {
      const sum = byService.get(title) ?? [0, 0, 0, 0];
      byService.set(
        title,
        sum.map((n, i) => n + (counts[i] ?? 0)),
      );
    }
  return {
    byCommune: tableOf(
      `Demandes en ligne reçues en ${year} par commune et par trimestre`,
      'Commune',
      usage
        .filter((u) => u.byService.size > 0)
        .map((u) => [
          u.commune.name,
          QUARTERS.map((_, i) => [...u.byService.values()].reduce((n, c) => n + (c[i] ?? 0), 0)),
        ]),
    ),
    byService: tableOf(
      `Demandes en ligne reçues en ${year} par démarche et par trimestre, toutes communes`,
      'Démarche',
      [...byService],
    ),
  };
}
