import { parisDay, yearOf } from '../../platform/paris-time.ts';
import type { Services } from '../../platform/services.ts';
import { listSyntecIndex } from './billing.repo.ts';
import type { SyntecIndexRow } from './billing.tables.ts';
import { indexKnownOn } from './contribution-engine.ts';
import { TARIFF_SCHEDULE_2026 } from './tariffs.ts';

/**
 * The Syntec values entered, newest first, and the one each billing year uses (known on its 1 January), from the
 * reference year to next year.
 */
export async function loadSyntecValues(services: Services): Promise<{
  rows: SyntecIndexRow[];
  knownOnFirstJanuary: Array<{ year: number; row: SyntecIndexRow | null }>;
}> {
  const rows = await listSyntecIndex(services.db);
  const series = rows.map((r) => ({
    month: r.month,
    hundredths: r.value_hundredths,
    publishedOn: r.published_on,
    row: r,
  }));
  const current = yearOf(parisDay(services.clock.now()));
  const knownOnFirstJanuary: Array<{ year: number; row: SyntecIndexRow | null }> = [];
  for (let year = TARIFF_SCHEDULE_2026.referenceYear; year <= current + 1; year++) {
    const known = indexKnownOn(series, `${year}-01-01`) as (typeof series)[number] | null;
    knownOnFirstJanuary.push({ year, row: known?.row ?? null });
  }
  return { rows, knownOnFirstJanuary };
}
