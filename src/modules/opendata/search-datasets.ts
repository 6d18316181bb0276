import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { Services } from '../../platform/services.ts';
import { foldForSearch } from '../../platform/views/format.ts';
import { closestWords } from './opendata.repo.ts';
import type { DatasetRow } from './opendata.tables.ts';

export type Freshness = 'fresh' | 'late';

export type DatasetFilters = {
  theme?: string | undefined;
  /** The producer tenant's id. */
  producer?: string | undefined;
  licence?: string | undefined;
  format?: string | undefined;
  freshness?: Freshness | undefined;
};

export type FacetCounts = {
  theme: Array<{ value: string; count: number }>;
  producer: Array<{ value: string; label: string; count: number }>;
  licence: Array<{ value: string; count: number }>;
  format: Array<{ value: string; count: number }>;
  freshness: Array<{ value: Freshness; count: number }>;
};

export type SearchResult = {
  total: number;
  datasets: DatasetRow[];
  facets: FacetCounts;
  correctedQuery: string | null;
};

function conditions(words: string[], filters: DatasetFilters) {
  const where = [sql`status = 'published'`];
  if (words.length) where.push(sql`search_vector @@ plainto_tsquery('fr_unaccent', ${words.join(' ')})`);
  if (filters.theme) where.push(sql`theme = ${filters.theme}`);
  if (filters.producer) where.push(sql`tenant_id::text = ${filters.producer}`);
  if (filters.licence) where.push(sql`licence = ${filters.licence}`);
  if (filters.format) where.push(sql`formats @> ARRAY[${filters.format}]::text[]`);
  if (filters.freshness === 'late') where.push(sql`late_since IS NOT NULL`);
  if (filters.freshness === 'fresh') where.push(sql`late_since IS NULL`);
  return sql.join(where, sql` AND `);
}

/** The raw search: published datasets matching the words and filters, best first, with facet counts. */
export async function searchPublishedDatasets(
  db: Executor,
  words: string[],
  filters: DatasetFilters,
  page: { limit: number; offset: number },
): Promise<{ total: number; datasets: DatasetRow[]; facets: FacetCounts }> {
  const where = conditions(words, filters);
  const rank = sql`ts_rank(search_vector, plainto_tsquery('fr_unaccent', ${words.join(' ')}))`;
  const [hits, facets] = await Promise.all([
    sql<DatasetRow & { total: number }>`
      SELECT *, count(*) OVER ()::int AS total FROM od_dataset WHERE ${where}
      ORDER BY ${words.length ? sql`${rank} DESC, ` : sql``}title LIMIT ${page.limit} OFFSET ${page.offset}`.execute(
      db,
    ),
    // The facets count over the matched set, one pass grouping by each facet at once.
    sql<{ facet: string; value: string; label: string | null; count: number }>`
      WITH m AS (SELECT tenant_id, producer_name, theme, licence, formats, late_since FROM od_dataset WHERE ${where})
      SELECT 'theme' AS facet, theme AS value, NULL AS label, count(*)::int AS count FROM m GROUP BY theme
      UNION ALL SELECT 'producer', tenant_id::text, min(producer_name), count(*)::int FROM m GROUP BY tenant_id
      UNION ALL SELECT 'licence', licence, NULL, count(*)::int FROM m GROUP BY licence
      UNION ALL SELECT 'format', f, NULL, count(*)::int FROM m, unnest(formats) f GROUP BY f
      UNION ALL SELECT 'freshness', CASE WHEN late_since IS NULL THEN 'fresh' ELSE 'late' END, NULL, count(*)::int
        FROM m GROUP BY 2`.execute(db),
  ]);
  const result: FacetCounts = { theme: [], producer: [], licence: [], format: [], freshness: [] };
  for (const row of facets.rows) {
    if (row.facet === 'producer') result.producer.push({ value: row.value, label: row.label ?? '', count: row.count });
    else if (row.facet === 'freshness') result.freshness.push({ value: row.value as Freshness, count: row.count });
    else result[row.facet as 'theme' | 'licence' | 'format'].push({ value: row.value, count: row.count });
  }
  for (const list of Object.values(result) as Array<Array<{ value: string; count: number }>>)
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'fr'));
  return { total: hits.rows[0]?.total ?? 0, datasets: hits.rows, facets: result };
}

/**
 * Finds published datasets in French, accents and case ignored (fr_unaccent full text); when nothing matches as
 * typed, each word is replaced by the portal's closest word (trigrams) and the search runs again.
 */
export async function searchDatasets(
  services: Services,
  q: string,
  filters: DatasetFilters,
  page: { limit: number; offset: number } = { limit: 20, offset: 0 },
): Promise<SearchResult> {
  const words = foldForSearch(q.slice(0, 200)).split(' ').filter(Boolean).slice(0, 8);
  const found = await searchPublishedDatasets(services.db, words, filters, page);
  if (found.total > 0 || words.length === 0) return { ...found, correctedQuery: null };
  const closest = await closestWords(
    services.db,
    words.filter((w) => w.length >= 3),
  );
  const corrected = words.map((w) => closest.get(w) ?? w);
  if (corrected.every((w, i) => w === words[i])) return { ...found, correctedQuery: null };
  return {
    ...(await searchPublishedDatasets(services.db, corrected, filters, page)),
    correctedQuery: corrected.join(' '),
  };
}
