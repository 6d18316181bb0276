import type { PointAnswer } from '../../forms/index.ts';

type Ring = Array<[number, number]>;

function ringsOf(geometry: unknown): Ring[] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (g?.type === 'Polygon') return g.coordinates as Ring[];
  if (g?.type === 'MultiPolygon') return (g.coordinates as Ring[][]).flat();
  return [];
}

const decimal = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 5 }).format(n);

/**
 * Where the request is: the commune's outline and the point, drawn on the server as SVG (no tile server, no script,
 * nothing sent to a third party), with the coordinates in words and a link to OpenStreetMap. With JavaScript the
 * SVG gives way to the OpenLayers map the citizen's form uses (same background, read only): the caption stays.
 */
export function RequestMap({
  point,
  boundary,
  communeName,
}: {
  point: PointAnswer;
  boundary: unknown | null;
  communeName: string | null;
}) {
  const rings = ringsOf(boundary);
  const all = [...rings.flat(), [point.lon, point.lat] as [number, number]];
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const pad = 0.002;
  const minLon = Math.min(...lons) - pad;
  const maxLon = Math.max(...lons) + pad;
  const minLat = Math.min(...lats) - pad;
  const maxLat = Math.max(...lats) + pad;
  // An equirectangular projection is exact enough at a commune's scale once longitudes are shrunk by cos(latitude).
  const shrink = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const width = 320;
  const height = Math.max(120, Math.min(400, Math.round((width * (maxLat - minLat)) / ((maxLon - minLon) * shrink))));
  const x = (lon: number) => ((lon - minLon) / (maxLon - minLon)) * width;
  const y = (lat: number) => ((maxLat - lat) / (maxLat - minLat)) * height;
  const path = rings
    .map((ring) => `M${ring.map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join('L')}Z`)
    .join('');
  const where = communeName ? ` dans la commune de ${communeName}` : '';
  const osm = `https://www.openstreetmap.org/?mlat=${point.lat}&mlon=${point.lon}#map=18/${point.lat}/${point.lon}`;
  return (
    <figure
      class="request-map"
      data-point-map-view
      data-lat={String(point.lat)}
      data-lon={String(point.lon)}
      data-label={`Carte interactive du lieu indiqué${where}`}
    >
      <svg
        class="request-map__svg"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-labelledby="carte-titre"
      >
        <title id="carte-titre">{`Carte : le lieu indiqué${where}`}</title>
        {path ? <path class="request-map__commune" d={path} /> : null}
        <circle class="request-map__halo" cx={x(point.lon)} cy={y(point.lat)} r={12} />
        <circle class="request-map__point" cx={x(point.lon)} cy={y(point.lat)} r={5} />
      </svg>
      <figcaption>
        Latitude {decimal(point.lat)}, longitude {decimal(point.lon)}
        {where}.{' '}
        <a href={osm}>
          Voir le lieu sur OpenStreetMap<span class="visually-hidden"> (site externe)</span>
        </a>
      </figcaption>
      {/* With JavaScript, the same map as the citizen's form (point-map.js) takes the SVG's place, read only. */}
      <script type="module" src="/static/js/point-map.js" />
    </figure>
  );
}
