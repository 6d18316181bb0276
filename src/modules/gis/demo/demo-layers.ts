import type { Services } from '../../../platform/services.ts';
import type { LayerStyle } from '../gis.tables.ts';
import type { Feature } from '../layer-data.ts';
import { findLayer, insertLayer, replaceFeatures } from '../layers.repo.ts';
import { DEMO_BAL_COMMUNES } from './generated-bal.ts';

type DemoLayer = {
  slug: string;
  title: string;
  theme: string;
  legend: string;
  style: LayerStyle;
  features: Feature[];
};

const offset = (c: { lon: number; lat: number }, dx: number, dy: number): [number, number] => [
  Math.round((c.lon + dx) * 1e6) / 1e6,
  Math.round((c.lat + dy) * 1e6) / 1e6,
];

/** Three themed layers made up around the demo communes' centres (labelled as such), one per kind of geometry. */
function demoLayers(): DemoLayer[] {
  return [
    {
      slug: 'ecoles-demo',
      title: 'Écoles (démonstration)',
      theme: 'Équipements publics',
      legend: 'Point rouge : école maternelle ou élémentaire (emplacements fictifs).',
      style: { color: '#b3261e', fill: '#b3261e', width: 2, radius: 6 },
      features: DEMO_BAL_COMMUNES.flatMap((c, i) =>
        [0, 1, 2].map((k) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point', coordinates: offset(c, 0.004 * (k - 1), 0.003 * ((k + i) % 3) - 0.003) },
          properties: {
            nom: `École ${['des Tilleuls', 'Jean Jaurès', 'du Centre'][k]}`,
            commune: c.name,
            eleves: 120 + 35 * k + 7 * i,
          },
        })),
      ),
    },
    {
      slug: 'pistes-cyclables-demo',
      title: 'Pistes cyclables (démonstration)',
      theme: 'Mobilité',
      legend: 'Trait vert : aménagement cyclable (tracés fictifs).',
      style: { color: '#1b7a3a', fill: '#1b7a3a', width: 4, radius: 4 },
      features: DEMO_BAL_COMMUNES.map((c) => ({
        type: 'Feature' as const,
        geometry: {
          type: 'LineString',
          coordinates: [offset(c, -0.01, -0.004), offset(c, 0, 0.001), offset(c, 0.012, 0.005)],
        },
        properties: { nom: `Voie verte de ${c.name}`, commune: c.name, longueur_km: 2.1 },
      })),
    },
    {
      slug: 'parcs-demo',
      title: 'Parcs et jardins (démonstration)',
      theme: 'Environnement',
      legend: 'Surface verte : parc ou jardin public (contours fictifs).',
      style: { color: '#2e6b30', fill: 'rgba(76, 175, 80, 0.35)', width: 2, radius: 4 },
      features: DEMO_BAL_COMMUNES.map((c) => ({
        type: 'Feature' as const,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              offset(c, 0.002, 0.002),
              offset(c, 0.006, 0.002),
              offset(c, 0.006, 0.005),
              offset(c, 0.002, 0.005),
              offset(c, 0.002, 0.002),
            ],
          ],
        },
        properties: { nom: `Parc municipal de ${c.name}`, commune: c.name, surface_ha: 4.2 },
      })),
    },
  ];
}

export async function seedDemoLayers(services: Services): Promise<void> {
  const at = services.clock.now();
  for (const layer of demoLayers()) {
    if (await findLayer(services.db, layer.slug)) continue;
    await services.db.transaction().execute(async (trx) => {
      const created = await insertLayer(trx, {
        slug: layer.slug,
        title: layer.title,
        theme: layer.theme,
        description: 'Couche de démonstration : les objets sont inventés autour du centre des communes.',
        legend: layer.legend,
        style: layer.style,
        sourceKind: 'file',
        sourceFormat: 'geojson',
        sourceRef: `${layer.slug}.geojson`,
        refreshMinutes: null,
        at,
        byLabel: 'démonstration',
      });
      await replaceFeatures(trx, created.id, layer.features, at);
    });
  }
}
