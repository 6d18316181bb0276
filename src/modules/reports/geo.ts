/** Great-circle geometry on the WGS 84 mean radius (PGlite has no PostGIS; a few metres' error is no matter here). */
const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;

export type Point = { lat: number; lon: number };

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** The haversine distance in metres. */
export function distanceMetres(a: Point, b: Point): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A box holding every point within `metres` of the centre (a little more: it is a prefilter, the exact distance
 * decides). Longitude degrees shrink with the latitude's cosine; near the poles the box spans every longitude.
 */
export function boundingBox(
  centre: Point,
  metres: number,
): { south: number; north: number; west: number; east: number } {
  const dLat = metres / METRES_PER_DEGREE;
  const cos = Math.cos(radians(Math.min(89, Math.abs(centre.lat) + dLat)));
  const dLon = metres / (METRES_PER_DEGREE * cos);
  return { south: centre.lat - dLat, north: centre.lat + dLat, west: centre.lon - dLon, east: centre.lon + dLon };
}

/** A point as the public sees it: about a hundred metres' precision, so a report made at one's door is not a pin on it. */
export function approximate(point: Point): Point {
  return { lat: Math.round(point.lat * 1000) / 1000, lon: Math.round(point.lon * 1000) / 1000 };
}
