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

type FacetRow = [facet: string, value: string, label: string | null, count: number];

/**
 * The raw search: published datasets matching the words and filters, best first, with facet counts, in one statement.
 * The matched set is read once into a narrow working set (no description nor vector carried along); the page is cut
 * from it before the full rows are joined, and every facet is counted from it in one grouped pass, so the cost grows
 * with the matches' few columns rather than with the datasets' texts.
 */
export async function searchPublishedDatasets(
  db: Executor,
  words: string[],
  filters: DatasetFilters,
  page: { limit: number; offset: number },
): Promise<{ total: number; datasets: DatasetRow[]; facets: FacetCounts }> {
  const rank = words.length ? sql`ts_rank(search_vector, plainto_tsquery('fr_unaccent', ${words.join(' ')}))` : sql`0`;
  const found = await sql<
    Partial<DatasetRow> & { id: string | null; total: number; facets: FacetRow[] | null; rank: number }
  >`
    WITH m AS MATERIALIZED (
      SELECT id, title, theme, tenant_id, producer_name, licence, formats, late_since IS NOT NULL AS late, ${rank} AS rank
      FROM od_dataset WHERE ${conditions(words, filters)}
    ),
    counted AS (
      SELECT (SELECT count(*)::int FROM m) AS total, (
        SELECT json_agg(json_build_array(facet, value, label, count)) FROM (
          SELECT CASE WHEN GROUPING(theme) = 0 THEN 'theme' WHEN GROUPING(tenant_id) = 0 THEN 'producer'
                      WHEN GROUPING(licence) = 0 THEN 'licence' ELSE 'freshness' END AS facet,
                 CASE WHEN GROUPING(theme) = 0 THEN theme WHEN GROUPING(tenant_id) = 0 THEN tenant_id::text
                      WHEN GROUPING(licence) = 0 THEN licence WHEN late THEN 'late' ELSE 'fresh' END AS value,
                 min(producer_name) AS label, count(*)::int AS count
          FROM m GROUP BY GROUPING SETS ((theme), (tenant_id), (licence), (late))
          UNION ALL
          SELECT 'format', f, NULL, count(*)::int FROM (SELECT unnest(formats) AS f FROM m) u GROUP BY f
        ) facet_counts
      ) AS facets
    ),
    hit AS (SELECT id, rank, title FROM m ORDER BY rank DESC, title LIMIT ${page.limit} OFFSET ${page.offset})
    SELECT d.*, counted.total, counted.facets, hit.rank FROM counted
    LEFT JOIN (hit JOIN od_dataset d ON d.id = hit.id) ON true
    ORDER BY hit.rank DESC, hit.title`.execute(db);
  const first = found.rows[0];
  const result: FacetCounts = { theme: [], producer: [], licence: [], format: [], freshness: [] };
  for (const [facet, value, label, count] of first?.facets ?? []) {
    if (facet === 'producer') result.producer.push({ value, label: label ?? '', count });
    else if (facet === 'freshness') result.freshness.push({ value: value as Freshness, count });
    else result[facet as 'theme' | 'licence' | 'format'].push({ value, count });
  }
  for (const list of Object.values(result) as Array<Array<{ value: string; count: number }>>)
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'fr'));
  const datasets = found.rows
    .filter((row) => row.id !== null)
    .map(({ total: _total, facets: _facets, rank: _rank, ...row }) => row as DatasetRow);
  return { total: first?.total ?? 0, datasets, facets: result };
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
