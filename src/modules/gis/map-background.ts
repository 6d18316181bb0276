import { createHash } from 'node:crypto';
import type { Services } from '../../platform/services.ts';
import { type BoundaryRow, boundariesVersion, listBoundaries } from '../requests/index.ts';

/**
 * The offline background of every map we draw (the agents' GIS, the report's place on the counter's forms, the
 * request's page in the GRU): the communes' outlines we hold and the metropolis's outline, as one GeoJSON
 * FeatureCollection built from `commune_boundary`.
 *
 * Outlines imported at full resolution weigh megabytes; a background needs about ten metres. Coordinates are rounded
 * to 1e-5° (about a metre), then each outline is thinned by Douglas–Peucker at 1e-4° (about ten metres) between the
 * vertices where its neighbours change, so that two communes thin their common border identically and stay joined.
 * The metropolis's outline is then the member communes' edges that only one commune has (the outer border of their
 * union, without a polygon-union library): where outlines do not share vertices (the demo's approximate ones), every
 * member's outline counts as outer, and the map simply draws it stronger.
 */

type Position = [number, number];
type Ring = Position[];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

type BackgroundFeature = {
  type: 'Feature';
  geometry: Geometry | { type: 'MultiLineString'; coordinates: Position[][] };
  properties: { nom: string; code_insee?: string; fond: 'commune' | 'metropole'; membre?: boolean };
};

type MapBackground = { type: 'FeatureCollection'; features: BackgroundFeature[] };

const QUANTUM = 1e5;
const TOLERANCE = 1e-4;

const round = (v: number) => Math.round(v * QUANTUM) / QUANTUM;
// A rounded vertex as one number (both coordinates in 1e-5° units fit in 26 bits each): a Map keyed by numbers is
// several times faster than by strings over hundreds of thousands of vertices.
const key = (p: Position) => (Math.round(p[0] * QUANTUM) + 2 ** 25) * 2 ** 26 + (Math.round(p[1] * QUANTUM) + 2 ** 25);

function polygonsOf(geometry: unknown): Ring[][] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (g?.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g?.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

/** A closed ring rounded to the quantum, without repeated vertices; its closing vertex left off. */
function quantize(ring: Ring): Position[] {
  const out: Position[] = [];
  for (const [lon, lat] of ring) {
    const p: Position = [round(lon), round(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

function distanceToSegment(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker on an open chain: its two ends always kept. */
function thin(chain: Position[]): Position[] {
  if (chain.length <= 2) return chain;
  const keep = new Array<boolean>(chain.length).fill(false);
  keep[0] = true;
  keep[chain.length - 1] = true;
  const stack: Array<[number, number]> = [[0, chain.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    let farthest = -1;
    let distance = TOLERANCE;
    for (let i = from + 1; i < to; i++) {
      const d = distanceToSegment(chain[i]!, chain[from]!, chain[to]!);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest > 0) {
      keep[farthest] = true;
      stack.push([from, farthest], [farthest, to]);
    }
  }
  return chain.filter((_, i) => keep[i]);
}

/**
 * Which outlines use each vertex ("69091|69259"): a vertex whose set differs from a neighbour's is where a border
 * starts or ends. Outlines come one after the other in a fixed order, so each set is written the same way.
 */
function vertexOwners(rings: Array<{ owner: string; ring: Position[] }>): Map<number, string> {
  const owners = new Map<number, string>();
  for (const { owner, ring } of rings)
    for (const p of ring) {
      const k = key(p);
      const had = owners.get(k);
      if (had === undefined) owners.set(k, owner);
      else if (had !== owner && !had.endsWith(`|${owner}`)) owners.set(k, `${had}|${owner}`);
    }
  return owners;
}

/** A ring thinned chain by chain, cut at the vertices where its neighbours change (or at a fixed corner). */
function thinRing(ring: Position[], owners: Map<number, string>): Ring {
  const n = ring.length;
  if (n < 4) return [...ring, ring[0]!];
  const owner = ring.map((p) => owners.get(key(p)));
  const ownerAt = (i: number) => owner[((i % n) + n) % n];
  const breaks: number[] = [];
  for (let i = 0; i < n; i++) if (ownerAt(i) !== ownerAt(i - 1) || ownerAt(i) !== ownerAt(i + 1)) breaks.push(i);
  // A ring nobody shares is one chain: cut it at its westmost vertex, which any reading finds the same.
  if (breaks.length === 0) {
    let west = 0;
    for (let i = 1; i < n; i++) if (ring[i]![0] < ring[west]![0]) west = i;
    breaks.push(west);
  }
  const out: Position[] = [];
  for (let b = 0; b < breaks.length; b++) {
    const from = breaks[b]!;
    const to = b + 1 < breaks.length ? breaks[b + 1]! : breaks[0]! + n;
    const chain: Position[] = [];
    for (let i = from; i <= to; i++) chain.push(ring[i % n]!);
    // Thinned in a direction both neighbours agree on, so they keep the same vertices.
    const forward = key(chain[0]!) <= key(chain[chain.length - 1]!);
    const thinned = forward ? thin(chain) : thin([...chain].reverse()).reverse();
    out.push(...thinned.slice(0, -1));
  }
  // A ring thinned to a segment would not be a polygon any more: keep it whole.
  if (out.length < 3) return [...ring, ring[0]!];
  return [...out, out[0]!];
}

/** The edges only one member commune has, joined into lines: the outer border of the members' union. */
function outerBorder(rings: Ring[]): Position[][] {
  const count = new Map<string, number>();
  const edgeKey = (a: Position, b: Position) => {
    const [ka, kb] = [key(a), key(b)];
    return ka < kb ? `${ka};${kb}` : `${kb};${ka}`;
  };
  for (const ring of rings)
    for (let i = 0; i + 1 < ring.length; i++) {
      const k = edgeKey(ring[i]!, ring[i + 1]!);
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  // Each ring keeps its direction, so the outer edges follow one another head to tail.
  const next = new Map<number, Position[]>();
  const points = new Map<number, Position>();
  for (const ring of rings)
    for (let i = 0; i + 1 < ring.length; i++) {
      const [a, b] = [ring[i]!, ring[i + 1]!];
      if (count.get(edgeKey(a, b)) !== 1) continue;
      const list = next.get(key(a)) ?? [];
      list.push(b);
      next.set(key(a), list);
      points.set(key(a), a);
    }
  const lines: Position[][] = [];
  for (const [start, point] of points) {
    while ((next.get(start)?.length ?? 0) > 0) {
      const line: Position[] = [point];
      let at = start;
      for (;;) {
        const to = next.get(at)?.pop();
        if (!to) break;
        line.push(to);
        at = key(to);
      }
      lines.push(line);
    }
  }
  return lines;
}

/** The background as sent: its JSON text (serialised once, not per request) and an ETag of it. */
type Built = { body: string; etag: string };

// Built once per version of the outlines and of the member communes (an import or a new commune builds it again):
// every form page with a map asks for it, and outlines at full resolution take a while to thin.
const built = new WeakMap<Services, { version: string; value: Promise<Built> }>();

/** The background as GeoJSON text, with an ETag of its content. */
export async function mapBackground(services: Services): Promise<Built> {
  const members = new Set(
    (await services.tenants.all())
      .filter((t) => t.kind === 'commune' && t.environment === 'production' && t.insee_code)
      .map((t) => t.insee_code!),
  );
  const version = `${await boundariesVersion(services.db)}/${[...members].sort().join(',')}`;
  const cached = built.get(services);
  if (cached?.version === version) return cached.value;
  // The promise is what is kept: requests arriving while it is built wait for the same one.
  const value = listBoundaries(services.db).then((rows) => buildBackground(rows, members));
  const entry = { version, value };
  built.set(services, entry);
  value.catch(() => {
    if (built.get(services) === entry) built.delete(services);
  });
  return value;
}

function buildBackground(boundaries: BoundaryRow[], members: Set<string>): Built {
  const quantized = boundaries.map((b) => ({
    boundary: b,
    polygons: polygonsOf(b.geometry).map((polygon) => polygon.map(quantize).filter((ring) => ring.length >= 3)),
  }));
  const owners = vertexOwners(
    quantized.flatMap(({ boundary, polygons }) =>
      polygons.flatMap((polygon) => polygon.map((ring) => ({ owner: boundary.insee_code, ring }))),
    ),
  );
  const features: BackgroundFeature[] = [];
  const memberRings: Ring[] = [];
  for (const { boundary, polygons } of quantized) {
    const thinned = polygons
      .map((polygon) => polygon.map((ring) => thinRing(ring, owners)))
      .filter((polygon) => polygon.length > 0);
    if (thinned.length === 0) continue;
    const member = members.has(boundary.insee_code);
    if (member) memberRings.push(...thinned.flat());
    features.push({
      type: 'Feature',
      geometry:
        thinned.length === 1
          ? { type: 'Polygon', coordinates: thinned[0]! }
          : { type: 'MultiPolygon', coordinates: thinned },
      properties: { nom: boundary.name, code_insee: boundary.insee_code, fond: 'commune', membre: member },
    });
  }
  const border = outerBorder(memberRings);
  if (border.length > 0)
    features.push({
      type: 'Feature',
      geometry: { type: 'MultiLineString', coordinates: border },
      properties: { nom: 'Limite de la Métropole', fond: 'metropole' },
    });
  const geojson: MapBackground = { type: 'FeatureCollection', features };
  const body = JSON.stringify(geojson);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
