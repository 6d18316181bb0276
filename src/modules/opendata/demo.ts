import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { Services } from '../../platform/services.ts';
import { addResource } from './add-resource.ts';
import { loadResource } from './load-resource.job.ts';
import { findDatasetBySlug, insertArticle } from './opendata.repo.ts';
import { createDataset, type DatasetForm, datasetFormWith, setPublished } from './save-dataset.ts';

export const TOILETS = {
  type: 'FeatureCollection',
  features: [
    ['Place Bellecour', 4.832, 45.7578],
    ['Hôtel de Ville', 4.8357, 45.7676],
    ['Parc de la Tête d’Or', 4.852, 45.7772],
    ['Gare Part-Dieu', 4.8594, 45.7606],
    ['Vieux Lyon', 4.827, 45.7622],
    ['Confluence', 4.818, 45.743],
    ['Croix-Rousse', 4.8318, 45.7745],
    ['Givors centre', 4.769, 45.59],
  ].map(([name, lon, lat], i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { nom: name, acces_pmr: i % 2 === 0 ? 'oui' : 'non', gratuit: 'oui', date_maj: '2026-10-01' },
  })),
};

const BUDGET = [
  'chapitre;libelle;montant_euros;annee',
  '011;Charges à caractère général;125000000;2026',
  '012;Charges de personnel;480000000;2026',
  '65;Autres charges de gestion courante;910000000;2026',
  '66;Charges financières;38000000;2026',
  '"20";"Immobilisations incorporelles; études";12000000;2026',
].join('\r\n');

const POLLING = [
  'numero,nom,adresse,latitude,longitude',
  '1,Hôtel de ville,"Place Camille Vallin, Givors",45.5905,4.7688',
  '2,École Jean Jaurès,"Rue Jean Jaurès, Givors",45.5862,4.7721',
  '3,Gymnase Salvador Allende,"Avenue Ambroise Croizat, Givors",45.5951,4.7610',
].join('\n');

function form(overrides: Partial<DatasetForm> & Pick<DatasetForm, 'title' | 'description' | 'theme'>): DatasetForm {
  return datasetFormWith({ contactEmail: 'opendata@demo.communs.test', ...overrides });
}

/** The portal's demonstration: two datasets of the metropolis (one map, one table) and one of Givors. */
export async function seedOpendataDemo(services: Services): Promise<void> {
  if (await findDatasetBySlug(services.db, 'toilettes-publiques')) return;
  const metropole = await services.tenants.metropole();
  const givors = await services.tenants.bySlug('givors');
  if (!metropole) return;
  const demo = [
    {
      producer: metropole,
      form: form({
        title: 'Toilettes publiques',
        description:
          'Les toilettes publiques de la Métropole : emplacement, accessibilité aux personnes à mobilité réduite, gratuité.',
        theme: 'Équipements',
        keywords: 'sanitaires, accessibilité',
        spatial: 'Métropole de Lyon',
        frequency: 'monthly',
      }),
      file: { filename: 'toilettes-publiques.geojson', bytes: Buffer.from(JSON.stringify(TOILETS)) },
    },
    {
      producer: metropole,
      form: form({
        title: 'Budget primitif 2026',
        description: 'Les dépenses de fonctionnement du budget primitif 2026 de la Métropole, par chapitre.',
        theme: 'Citoyenneté',
        keywords: 'finances, budget',
        licence: 'odbl',
        temporalStart: '2026-01-01',
        temporalEnd: '2026-12-31',
      }),
      file: { filename: 'budget-2026.csv', bytes: Buffer.from(BUDGET, 'latin1') },
    },
    ...(givors
      ? [
          {
            producer: givors,
            form: form({
              title: 'Bureaux de vote de Givors',
              description: 'Les bureaux de vote de la commune de Givors, avec leur adresse et leur position.',
              theme: 'Citoyenneté',
              keywords: 'élections',
              spatial: 'Givors',
              frequency: 'irregular',
            }),
            file: { filename: 'bureaux-de-vote.csv', bytes: Buffer.from(POLLING) },
          },
        ]
      : []),
  ];
  for (const entry of demo) {
    const dataset = await createDataset(services, { producer: entry.producer, form: entry.form, actor: SYSTEM_ACTOR });
    const added = await addResource(services, {
      dataset,
      source: { kind: 'upload', ...entry.file },
      actor: SYSTEM_ACTOR,
    });
    if (added.ok) await loadResource(services, added.resource.id);
    await setPublished(services, { dataset, published: true, actor: SYSTEM_ACTOR });
  }
  const toilets = await findDatasetBySlug(services.db, 'toilettes-publiques');
  await insertArticle(services.db, {
    tenantId: metropole.id,
    kind: 'reuse',
    title: 'Carte des toilettes accessibles',
    body: 'Une carte participative qui réutilise le jeu des toilettes publiques pour guider les personnes à mobilité réduite.',
    url: 'https://exemple.org/toilettes',
    datasetId: toilets?.id ?? null,
    at: services.clock.now(),
  });
  await insertArticle(services.db, {
    tenantId: metropole.id,
    kind: 'tutorial',
    title: 'Interroger l’API OGC depuis QGIS',
    body: 'Ajoutez une couche « WFS / OGC API – Features » avec l’adresse /ogc du portail : chaque jeu ouvert est une collection.',
    url: null,
    datasetId: null,
    at: services.clock.now(),
  });
}
