import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { addResource } from '../src/modules/opendata/add-resource.ts';
import { loadResource } from '../src/modules/opendata/load-resource.job.ts';
import { addSearchWords } from '../src/modules/opendata/opendata.repo.ts';
import { createDataset, setPublished } from '../src/modules/opendata/save-dataset.ts';
import { datasetForm } from '../src/modules/opendata/opendata.test-support.ts';
import { percentile, startBenchServices, timeRounds } from './support.ts';

/**
 * The open-data portal's speed figures, each against the raw SQL it rests on, in the same run:
 * (1) an OGC API items page of 1 000 features through GET /ogc/collections/{id}/items?limit=1000, against the same
 * page read by one SQL query; (2) search p95 over 10 000 published datasets through GET /donnees?q=…, against the
 * full-text query alone. Goal: p95 ≤ 20 ms. DATABASE_URL set: PostgreSQL; otherwise embedded PGlite.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const WORDS = ['toilettes', 'budget', 'parcs', 'velos', 'ecoles', 'piscines', 'arbres', 'voirie', 'eclairage', 'bruit'];

const p95 = (samples: number[]) => percentile(samples, 95);

export async function run(): Promise<void> {
  const { database, services, close } = await startBenchServices();
  const metropole = (await services.tenants.metropole())!;

  // (1) One geographic dataset of 5 000 points.
  const features = Array.from({ length: 5000 }, (_, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [4.7 + (i % 100) * 0.003, 45.6 + Math.floor(i / 100) * 0.004] },
    properties: { nom: `Point ${i}`, categorie: WORDS[i % WORDS.length], valeur: i },
  }));
  const geo = await createDataset(services, { producer: metropole, form: datasetForm(), actor: SYSTEM_ACTOR });
  const added = await addResource(services, {
    dataset: geo,
    source: {
      kind: 'upload',
      filename: 'points.geojson',
      bytes: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
    },
    actor: SYSTEM_ACTOR,
  });
  if (!added.ok) throw new Error(added.error);
  await loadResource(services, added.resource.id);
  await setPublished(services, { dataset: geo, published: true, actor: SYSTEM_ACTOR });

  // (2) 10 000 published datasets, inserted in bulk.
  const now = new Date();
  for (let batch = 0; batch < 20; batch++) {
    const rows = Array.from({ length: 500 }, (_, j) => {
      const i = batch * 500 + j;
      const a = WORDS[i % WORDS.length]!;
      const b = WORDS[(i * 7) % WORDS.length]!;
      return {
        tenant_id: metropole.id,
        slug: `jeu-banc-${i}`,
        title: `Inventaire des ${a} et des ${b} numéro ${i}`,
        description: `Jeu de données de test sur les ${a} de la Métropole, mis à jour régulièrement.`,
        theme: 'Équipements',
        frequency: 'annual',
        licence: i % 3 === 0 ? ('odbl' as const) : ('lov2' as const),
        access: 'open' as const,
        contact_email: 'banc@example.org',
        status: 'published' as const,
        formats: ['CSV'],
        producer_name: metropole.name,
        search_terms: `Équipements ${metropole.name}`,
        metadata_updated_at: now,
        data_updated_at: now,
        created_at: now,
      };
    });
    await database.db.insertInto('od_dataset').values(rows).execute();
  }
  await addSearchWords(
    services.db,
    WORDS.map((w) => w),
  );
  await sql`ANALYZE od_dataset`.execute(database.db);
  await sql`ANALYZE od_row`.execute(database.db);

  const app = await buildApp(services);
  await app.ready();

  const itemsUrl = `/ogc/collections/${geo.slug}/items?limit=1000`;
  for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url: itemsUrl });
  const ogc = await timeRounds(ROUNDS, async () => {
    const response = await app.inject({ method: 'GET', url: itemsUrl });
    if (response.statusCode !== 200) throw new Error(`items: ${response.statusCode}`);
  });
  const rawOgc = await timeRounds(ROUNDS, () =>
    sql`SELECT n, props, geom FROM od_row WHERE resource_id = ${added.resource.id} ORDER BY n LIMIT 1000`.execute(
      database.db,
    ),
  );

  const search = await timeRounds(ROUNDS, async (i) => {
    const response = await app.inject({ method: 'GET', url: `/donnees?q=${WORDS[i % WORDS.length]}` });
    if (response.statusCode !== 200) throw new Error(`search: ${response.statusCode}`);
  });
  const rawSearch = await timeRounds(ROUNDS, (i) =>
    sql`SELECT id, title FROM od_dataset WHERE status = 'published' AND search_vector @@ plainto_tsquery('fr_unaccent', ${WORDS[i % WORDS.length]})
        ORDER BY ts_rank(search_vector, plainto_tsquery('fr_unaccent', ${WORDS[i % WORDS.length]})) DESC, title LIMIT 20`.execute(
      database.db,
    ),
  );

  const line = (label: string, ours: number[], raw: number[]) =>
    `${label}: p95 ${p95(ours).toFixed(1)} ms (raw SQL p95 ${p95(raw).toFixed(1)} ms, ratio ${(p95(ours) / p95(raw)).toFixed(1)}×; goal ≤ 20 ms: ${p95(ours) <= 20 ? 'met' : 'missed'})\n`;
  process.stdout.write(`Database: ${database.kind}, ${ROUNDS} rounds each\n`);
  process.stdout.write(line('OGC items page of 1 000 features', ogc, rawOgc));
  process.stdout.write(line('Search over 10 000 datasets (/donnees, with facets)', search, rawSearch));

  await app.close();
  await close();
}
