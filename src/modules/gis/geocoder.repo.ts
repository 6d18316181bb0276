import { sql } from 'kysely';
import type { Executor, TenantTransaction } from '../../platform/db/tenant-scope.ts';
import type { BalReport, GisBalImportRow } from './gis.tables.ts';

export type StreetInput = {
  communeInsee: string;
  communeName: string;
  postcode: string | null;
  name: string;
  folded: string;
  search: string;
  lon: number;
  lat: number;
};

export type AddressInput = {
  /** The street's folded name, which links the address to its street of the same commune. */
  streetFolded: string;
  communeInsee: string;
  cleInterop: string;
  number: number;
  suffix: string | null;
  locality: string | null;
  lon: number;
  lat: number;
  position: string | null;
  updatedOn: string | null;
};

const BATCH = 1000;

/**
 * Replaces every address of the given communes by the file's: a Base Adresse Locale is the whole register of its
 * commune, so a street or number that left the file leaves the geocoder too.
 */
export async function replaceCommuneAddresses(
  db: Executor,
  communes: string[],
  streets: StreetInput[],
  addresses: AddressInput[],
  importId: string,
): Promise<void> {
  if (communes.length === 0) return;
  await db.deleteFrom('gis_address').where('commune_insee', 'in', communes).execute();
  await db.deleteFrom('gis_street').where('commune_insee', 'in', communes).execute();
  const ids = new Map<string, string>();
  for (let i = 0; i < streets.length; i += BATCH) {
    const rows = await db
      .insertInto('gis_street')
      .values(
        streets.slice(i, i + BATCH).map((s) => ({
          commune_insee: s.communeInsee,
          commune_name: s.communeName,
          postcode: s.postcode,
          name: s.name,
          folded: s.folded,
          search: s.search,
          lon: s.lon,
          lat: s.lat,
        })),
      )
      .returning(['id', 'commune_insee', 'folded'])
      .execute();
    for (const row of rows) ids.set(`${row.commune_insee}|${row.folded}`, row.id);
  }
  for (let i = 0; i < addresses.length; i += BATCH) {
    await db
      .insertInto('gis_address')
      .values(
        addresses.slice(i, i + BATCH).map((a) => ({
          street_id: ids.get(`${a.communeInsee}|${a.streetFolded}`) ?? '0',
          commune_insee: a.communeInsee,
          cle_interop: a.cleInterop,
          number: a.number,
          suffix: a.suffix,
          locality: a.locality,
          lon: a.lon,
          lat: a.lat,
          position: a.position,
          updated_on: a.updatedOn,
          import_id: importId,
        })),
      )
      .onConflict((oc) => oc.column('cle_interop').doNothing())
      .execute();
  }
}

export type StreetHit = {
  id: string;
  name: string;
  commune_insee: string;
  commune_name: string;
  postcode: string | null;
  lon: number;
  lat: number;
  tier: number;
  similarity: number;
};

export type SearchInput = {
  text: string;
  words: string[];
  limit: number;
  bias: { lon: number; lat: number } | null;
};

/** How many candidates a search ranks: a word found everywhere ("rue") cannot make it sort the whole register. */
const CANDIDATES = 400;

/**
 * Streets matching what was typed, in one of two ways. `prefix`: every significant word is the start of a word of
 * the street, its commune or postcode (autocomplete); the exact name (alone, with its commune, or with commune and
 * postcode) ranks above. `typo`: near spellings (trigram word similarity), asked only when the first way did not fill
 * the list — the approach pg_trgm's documentation gives for spelling, and what keeps a common name cheap. Within a
 * rank, closer spellings first, then nearer the focus point when one is given.
 */
export function streetSearchQuery(input: SearchInput, way: 'prefix' | 'typo') {
  const cos = input.bias ? Math.cos((input.bias.lat * Math.PI) / 180) : 0;
  const distance = input.bias
    ? sql<number>`((s.lon - ${input.bias.lon}) * ${cos}) ^ 2 + (s.lat - ${input.bias.lat}) ^ 2`
    : sql<number>`0::float8`;
  const match =
    way === 'prefix'
      ? sql`search_vector @@ to_tsquery('simple', ${input.words.map((w) => `${w}:*`).join(' & ')})`
      : sql`${input.text} <% search`;
  const tier =
    way === 'prefix'
      ? sql<number>`CASE WHEN ${input.text} IN (s.folded, s.search, rtrim(s.search, ' 0123456789')) THEN 3 ELSE 2 END`
      : sql<number>`1`;
  return sql<StreetHit>`
    SELECT * FROM (
      SELECT s.id::text AS id, s.name, s.commune_insee, s.commune_name, s.postcode, s.lon, s.lat, ${tier} AS tier,
        word_similarity(${input.text}, s.search) AS similarity, ${distance} AS distance
      FROM (SELECT * FROM gis_street WHERE ${match} LIMIT ${CANDIDATES}) s
    ) ranked
    ORDER BY tier DESC, round((similarity * 10)::numeric) DESC, distance, similarity DESC, id
    LIMIT ${input.limit}`;
}

/**
 * The word similarity a street must reach to count as a near spelling of what was typed. A slip of the keyboard
 * (a letter swapped, missing or wrong) costs at most three of the query's trigrams, so two of them cost six: the
 * longer the query, the closer the threshold gets to 1. The fixed default (0.6) let a long query ("4 allée georges
 * brassens lyon") match thousands of streets sharing "rue", "de la" and a commune, each compared one by one — the
 * bulk of the autocomplete's time — for the same first answers.
 */
export function typoThreshold(text: string): number {
  const trigrams = new Set<string>();
  for (const word of text.split(' ').filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) trigrams.add(padded.slice(i, i + 3));
  }
  return Math.min(0.9, Math.max(0.6, 1 - 6 / Math.max(trigrams.size, 1)));
}

/** Runs a near-spelling search with its own threshold, set for this transaction only. */
export async function withTypoThreshold<T>(db: Executor, text: string, run: (db: Executor) => Promise<T>): Promise<T> {
  const scoped = async (trx: Executor) => {
    await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(typoThreshold(text))}, true)`.execute(
      trx,
    );
    return run(trx);
  };
  return db.isTransaction ? scoped(db) : db.transaction().execute(scoped);
}

export async function searchStreets(db: Executor, input: SearchInput): Promise<StreetHit[]> {
  if (!input.text) return [];
  const read = async (on: Executor, way: 'prefix' | 'typo') =>
    (await streetSearchQuery(input, way).execute(on)).rows.map((r) => ({
      ...r,
      tier: Number(r.tier),
      similarity: Number(r.similarity),
    }));
  const found = input.words.length ? await read(db, 'prefix') : [];
  if (found.length >= input.limit) return found;
  const seen = new Set(found.map((r) => r.id));
  const near = await withTypoThreshold(db, input.text, (on) => read(on, 'typo'));
  return [...found, ...near.filter((r) => !seen.has(r.id))].slice(0, input.limit);
}

export type AddressHit = {
  id: string;
  cle_interop: string;
  number: number;
  suffix: string | null;
  lon: number;
  lat: number;
  street_id: string;
  street: string;
  commune_insee: string;
  commune_name: string;
  postcode: string | null;
};

/** Addresses with what a geocoder answer says of their street (an AddressHit per row). */
function addressesWithStreet(db: Executor) {
  return db
    .selectFrom('gis_address as a')
    .innerJoin('gis_street as s', 's.id', 'a.street_id')
    .select([
      sql<string>`a.id::text`.as('id'),
      'a.cle_interop',
      'a.number',
      'a.suffix',
      'a.lon',
      'a.lat',
      sql<string>`a.street_id::text`.as('street_id'),
      's.name as street',
      's.commune_insee',
      's.commune_name',
      's.postcode',
    ]);
}

/** The addresses bearing a number on the given streets (every suffix of it). */
export async function addressesNumbered(db: Executor, streetIds: string[], number: number): Promise<AddressHit[]> {
  if (streetIds.length === 0) return [];
  return addressesWithStreet(db)
    .where('a.street_id', 'in', streetIds)
    .where('a.number', '=', number)
    .orderBy('a.suffix', (ob) => ob.asc().nullsFirst())
    .execute();
}

/** The addresses nearest a point within a radius (kilometres), nearest first. */
export async function nearestAddresses(
  db: Executor,
  point: { lon: number; lat: number },
  radiusKm: number,
  limit: number,
): Promise<Array<AddressHit & { distance: number }>> {
  const dLat = radiusKm / 111.32;
  const cos = Math.cos((point.lat * Math.PI) / 180);
  const dLon = dLat / Math.max(cos, 0.01);
  const distance = sql<number>`((a.lon - ${point.lon}) * ${cos}) ^ 2 + (a.lat - ${point.lat}) ^ 2`;
  const rows = await addressesWithStreet(db)
    .select(distance.as('distance'))
    .where('a.lat', '>=', point.lat - dLat)
    .where('a.lat', '<=', point.lat + dLat)
    .where('a.lon', '>=', point.lon - dLon)
    .where('a.lon', '<=', point.lon + dLon)
    .where(distance, '<=', dLat * dLat)
    .orderBy(distance)
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, distance: Number(r.distance) }));
}

/** How many addresses and streets each commune has in the register. */
export async function addressCounts(
  db: Executor,
  communes: string[] | 'all',
): Promise<Array<{ commune_insee: string; commune_name: string; streets: number; addresses: number }>> {
  let query = db
    .selectFrom('gis_street as s')
    .select((eb) => [
      's.commune_insee',
      eb.fn.max('s.commune_name').as('commune_name'),
      eb.fn.count<string>('s.id').distinct().as('streets'),
      sql<string>`(SELECT count(*) FROM gis_address a WHERE a.commune_insee = s.commune_insee)`.as('addresses'),
    ])
    .groupBy('s.commune_insee')
    .orderBy('s.commune_insee');
  if (communes !== 'all') {
    if (communes.length === 0) return [];
    query = query.where('s.commune_insee', 'in', communes);
  }
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, streets: Number(r.streets), addresses: Number(r.addresses) }));
}

export async function insertBalImport(
  trx: TenantTransaction,
  entry: {
    communeInsee: string;
    communeName: string;
    fileName: string;
    at: Date;
    byLabel: string;
    validRows: number;
    invalidRows: number;
    report: BalReport;
  },
): Promise<string> {
  const row = await trx
    .insertInto('gis_bal_import')
    .values({
      tenant_id: trx.tenantId,
      commune_insee: entry.communeInsee,
      commune_name: entry.communeName,
      file_name: entry.fileName,
      imported_at: entry.at,
      imported_by_label: entry.byLabel,
      valid_rows: entry.validRows,
      invalid_rows: entry.invalidRows,
      report: JSON.stringify(entry.report),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findBalImport(trx: TenantTransaction, id: string): Promise<GisBalImportRow | undefined> {
  return trx
    .selectFrom('gis_bal_import')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listBalImports(trx: TenantTransaction, limit: number): Promise<GisBalImportRow[]> {
  return trx
    .selectFrom('gis_bal_import')
    .selectAll()
    .where('tenant_id', '=', trx.tenantId)
    .orderBy('imported_at', 'desc')
    .limit(limit)
    .execute();
}
