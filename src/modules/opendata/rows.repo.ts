import { sql } from 'kysely';
import type { Executor } from '../../platform/db/tenant-scope.ts';
import type { ColumnInfo } from './opendata.tables.ts';

export type LoadedRow = {
  n: number;
  props: Record<string, unknown>;
  geom: unknown;
  bbox: [number, number, number, number] | null;
  dt: Date | null;
};

export async function deleteRows(db: Executor, resourceId: string): Promise<void> {
  await db.deleteFrom('od_row').where('resource_id', '=', resourceId).execute();
}

export async function insertRows(db: Executor, resourceId: string, rows: LoadedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('od_row')
    .values(
      rows.map((r) => ({
        resource_id: resourceId,
        n: r.n,
        props: JSON.stringify(r.props),
        geom: r.geom === null || r.geom === undefined ? null : JSON.stringify(r.geom),
        minx: r.bbox?.[0] ?? null,
        miny: r.bbox?.[1] ?? null,
        maxx: r.bbox?.[2] ?? null,
        maxy: r.bbox?.[3] ?? null,
        dt: r.dt,
      })),
    )
    .execute();
}

export type TableQuery = {
  resourceId: string;
  columns: ColumnInfo[];
  sort?: string | undefined;
  descending?: boolean;
  /** Rows whose column contains this text (any column when none is named), accents and case ignored. */
  filter?: string | undefined;
  filterColumn?: string | undefined;
  limit: number;
  offset: number;
};

/** One page of a tabular preview, sorted and filtered by the database: the file is never read into memory. */
export async function tablePage(
  db: Executor,
  query: TableQuery,
): Promise<{ total: number; rows: Array<Record<string, unknown>> }> {
  const sortColumn = query.columns.find((c) => c.name === query.sort);
  const filterColumn = query.columns.find((c) => c.name === query.filterColumn);
  const where = [sql`resource_id = ${query.resourceId}`];
  if (query.filter) {
    const pattern = `%${query.filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const target = filterColumn ? sql`props->>${filterColumn.name}` : sql`props::text`;
    where.push(sql`unaccent(${target}) ILIKE unaccent(${pattern})`);
  }
  const condition = sql.join(where, sql` AND `);
  const direction = query.descending ? sql`DESC` : sql`ASC`;
  const order = sortColumn
    ? sortColumn.numeric
      ? sql`nullif(props->>${sortColumn.name}, '')::numeric ${direction} NULLS LAST, n`
      : sql`props->>${sortColumn.name} ${direction} NULLS LAST, n`
    : sql`n`;
  const [count, page] = await Promise.all([
    sql<{ total: number }>`SELECT count(*)::int AS total FROM od_row WHERE ${condition}`.execute(db),
    sql<{ props: Record<string, unknown> }>`
      SELECT props FROM od_row WHERE ${condition} ORDER BY ${order} LIMIT ${query.limit} OFFSET ${query.offset}`.execute(
      db,
    ),
  ]);
  return { total: count.rows[0]?.total ?? 0, rows: page.rows.map((r) => r.props) };
}

export type FeatureQuery = {
  resourceId: string;
  bbox?: [number, number, number, number] | undefined;
  datetime?: { start: Date | null; end: Date | null } | undefined;
  limit: number;
  offset: number;
};

function featureCondition(query: FeatureQuery) {
  const where = [sql`resource_id = ${query.resourceId}`];
  if (query.bbox) {
    const [minx, miny, maxx, maxy] = query.bbox;
    // Features without geometry are kept, as OGC API Features asks.
    where.push(sql`(geom IS NULL OR (maxx >= ${minx} AND minx <= ${maxx} AND maxy >= ${miny} AND miny <= ${maxy}))`);
  }
  if (query.datetime) {
    const { start, end } = query.datetime;
    // Features without a time are kept too.
    if (start) where.push(sql`(dt IS NULL OR dt >= ${start})`);
    if (end) where.push(sql`(dt IS NULL OR dt <= ${end})`);
  }
  return sql.join(where, sql` AND `);
}

/**
 * A page of features as GeoJSON text, built by the database: the rows' JSON is copied into the answer without being
 * parsed and serialised again in JavaScript (the larger part of the cost of a page of a thousand features).
 */
export async function featurePage(db: Executor, query: FeatureQuery): Promise<{ matched: number; features: string[] }> {
  const condition = featureCondition(query);
  const [count, page] = await Promise.all([
    sql<{ total: number }>`SELECT count(*)::int AS total FROM od_row WHERE ${condition}`.execute(db),
    sql<{ feature: string }>`
      SELECT '{"type":"Feature","id":' || n || ',"geometry":' || coalesce(geom::text, 'null') || ',"properties":' || props::text || '}' AS feature
      FROM od_row WHERE ${condition} ORDER BY n LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db),
  ]);
  return { matched: count.rows[0]?.total ?? 0, features: page.rows.map((r) => r.feature) };
}

export async function findFeature(
  db: Executor,
  resourceId: string,
  n: number,
): Promise<{ n: number; props: Record<string, unknown>; geom: unknown } | undefined> {
  return db
    .selectFrom('od_row')
    .select(['n', 'props', 'geom'])
    .where('resource_id', '=', resourceId)
    .where('n', '=', n)
    .executeTakeFirst();
}

/** Every row of a resource, a batch at a time in order, for downloads. */
export async function* allRows(
  db: Executor,
  resourceId: string,
  batch = 2000,
): AsyncGenerator<Array<{ n: number; props: Record<string, unknown>; geom: unknown }>> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('od_row')
      .select(['n', 'props', 'geom'])
      .where('resource_id', '=', resourceId)
      .where('n', '>', after)
      .orderBy('n')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.n;
  }
}
