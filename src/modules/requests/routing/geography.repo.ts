import type { Executor } from '../../../platform/db/tenant-scope.ts';

/**
 * Reference geography for routing: commune boundaries (imported from a GeoJSON file) and the contacts of communes
 * that receive requests by e-mail. Platform-wide reference data, like the tenant directory.
 */
export type BoundaryRow = { insee_code: string; name: string; geometry: unknown };

export async function upsertBoundary(
  db: Executor,
  b: {
    inseeCode: string;
    name: string;
    geometry: unknown;
    bbox: [number, number, number, number];
    source: string;
    at: Date;
  },
): Promise<void> {
  const values = {
    name: b.name,
    geometry: JSON.stringify(b.geometry),
    min_lon: b.bbox[0],
    min_lat: b.bbox[1],
    max_lon: b.bbox[2],
    max_lat: b.bbox[3],
    source: b.source,
    imported_at: b.at,
  };
  await db
    .insertInto('commune_boundary')
    .values({ insee_code: b.inseeCode, ...values })
    .onConflict((oc) => oc.column('insee_code').doUpdateSet(values))
    .execute();
}

/** Boundaries whose bounding box holds the point: the candidates a precise point-in-polygon test then decides among. */
export async function boundariesAround(db: Executor, lon: number, lat: number): Promise<BoundaryRow[]> {
  return db
    .selectFrom('commune_boundary')
    .select(['insee_code', 'name', 'geometry'])
    .where('min_lon', '<=', lon)
    .where('max_lon', '>=', lon)
    .where('min_lat', '<=', lat)
    .where('max_lat', '>=', lat)
    .execute();
}

/** A commune's outline, to draw it around a request's point. */
export async function findBoundary(
  db: Executor,
  inseeCode: string,
): Promise<{ geometry: unknown; name: string } | undefined> {
  return db
    .selectFrom('commune_boundary')
    .select(['geometry', 'name'])
    .where('insee_code', '=', inseeCode)
    .executeTakeFirst();
}

/** The box holding every known boundary, or nothing when none is known. */
export async function boundariesExtent(
  db: Executor,
): Promise<{ minLon: number; minLat: number; maxLon: number; maxLat: number } | undefined> {
  const row = await db
    .selectFrom('commune_boundary')
    .select((eb) => [
      eb.fn.min('min_lon').as('minLon'),
      eb.fn.min('min_lat').as('minLat'),
      eb.fn.max('max_lon').as('maxLon'),
      eb.fn.max('max_lat').as('maxLat'),
    ])
    .executeTakeFirst();
  if (row?.minLon == null || row.minLat == null || row.maxLon == null || row.maxLat == null) return undefined;
  return {
    minLon: Number(row.minLon),
    minLat: Number(row.minLat),
    maxLon: Number(row.maxLon),
    maxLat: Number(row.maxLat),
  };
}

export async function countBoundaries(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('commune_boundary')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export type CommuneContact = {
  inseeCode: string;
  name: string;
  officeName: string;
  email: string | null;
  phone: string | null;
  postalAddress: string | null;
};

export async function findCommuneContact(db: Executor, inseeCode: string): Promise<CommuneContact | undefined> {
  const row = await db.selectFrom('commune_contact').selectAll().where('insee_code', '=', inseeCode).executeTakeFirst();
  return row
    ? {
        inseeCode: row.insee_code,
        name: row.name,
        officeName: row.office_name,
        email: row.email,
        phone: row.phone,
        postalAddress: row.postal_address,
      }
    : undefined;
}

export async function upsertCommuneContact(
  db: Executor,
  contact: CommuneContact & { source: string; at: Date },
): Promise<void> {
  const values = {
    name: contact.name,
    office_name: contact.officeName,
    email: contact.email,
    phone: contact.phone,
    postal_address: contact.postalAddress,
    source: contact.source,
    updated_at: contact.at,
  };
  await db
    .insertInto('commune_contact')
    .values({ insee_code: contact.inseeCode, ...values })
    .onConflict((oc) => oc.column('insee_code').doUpdateSet(values))
    .execute();
}

/** Every known commune outline, for maps drawn from our own data (the agents' GIS background). */
export async function listBoundaries(db: Executor): Promise<BoundaryRow[]> {
  return db.selectFrom('commune_boundary').select(['insee_code', 'name', 'geometry']).orderBy('insee_code').execute();
}

/** What changes when outlines are imported (their number, the latest import): maps drawn from them key a cache on it. */
export async function boundariesVersion(db: Executor): Promise<string> {
  const row = await db
    .selectFrom('commune_boundary')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('imported_at').as('latest')])
    .executeTakeFirst();
  const latest = row?.latest ? new Date(row.latest as Date | string).toISOString() : '';
  return `${row?.n ?? 0}@${latest}`;
}
