import type { Executor } from '../../platform/db/tenant-scope.ts';
import { boundingBox, distanceMetres, type Point } from './geo.ts';
import { type PublicReport, publicReport } from './public-report.ts';
import { listOpenReportsInBox } from './reports.repo.ts';

/** FixMyStreet's default radius for suggestions while reporting, and how many it shows. */
export const NEARBY_METRES = 250;
const NEARBY_MAX = 5;

export type NearbyReport = PublicReport & { distanceMetres: number };

/**
 * Open reports of the same service and category within 250 m of the point, nearest first: a bounding box on the
 * indexed columns, then the exact great-circle distance. A hidden report is still suggested, without its words: it is
 * being handled, and following it spares a duplicate.
 */
export async function findNearbyReports(
  db: Executor,
  query: { eserviceId: string; category: string; point: Point },
): Promise<NearbyReport[]> {
  const candidates = await listOpenReportsInBox(db, {
    eserviceId: query.eserviceId,
    category: query.category,
    box: boundingBox(query.point, NEARBY_METRES),
  });
  return candidates
    .map((row) => ({
      ...publicReport(row),
      distanceMetres: distanceMetres(query.point, { lat: row.lat, lon: row.lon }),
    }))
    .filter((r) => r.distanceMetres <= NEARBY_METRES)
    .sort((a, b) => a.distanceMetres - b.distanceMetres)
    .slice(0, NEARBY_MAX);
}
